import { auditChainDecider, ERASED, specFor } from '@pi/domain';
import { describe, expect, it } from 'vitest';
import { checkHead, factChain } from './fact-chain.js';
import type { AuditRecordDoc } from './identity-audit.projection.js';

const record = (seq: number, details: Record<string, unknown>, type = 'IdentityVerified'): AuditRecordDoc => ({
  id: `e${seq}`,
  seq,
  scopes: ['p1', 'p1|pt1'],
  practiceIds: ['p1'],
  patientId: 'pt1',
  at: `2026-12-01T10:00:0${seq}.000Z`,
  type,
  actor: 'staff-1',
  summary: `summary ${seq}`,
  identityStatus: 'verified_by_staff',
  evidence: [],
  details,
  subjects: ['patient:pt1'],
});

describe('the fact chain of the identity audit', () => {
  const history = [
    record(1, { method: 'records_match', note: 'DOB matches' }),
    record(2, { previousPhone: '+14155550100', phone: '+14155550101', requestId: 'r1' }, 'PatientPhoneChanged'),
  ];

  it('links the facts, not the personal values: an erasure leaves the head as it was', () => {
    const erased = [
      record(1, { method: 'records_match', note: ERASED }),
      { ...record(2, { previousPhone: ERASED, phone: ERASED, requestId: 'r1' }, 'PatientPhoneChanged'), summary: 'x' },
    ];
    expect(factChain(erased)).toEqual(factChain(history));
    expect(checkHead(erased, factChain(history))).toEqual({ matches: true });
  });

  it('is contradicted by a fact changed, a record removed or one inserted before the head', () => {
    const head = factChain(history);
    expect(checkHead([record(1, { method: 'in_person', note: 'DOB matches' }), history[1]], head)).toMatchObject({
      matches: false,
    });
    expect(checkHead([history[1]], head)).toMatchObject({
      matches: false,
      reason: expect.stringMatching(/1 records/),
    });
    expect(
      checkHead(
        [history[0], record(2, {}, 'ContactPaired'), history[1]].map((r, i) => ({ ...r, seq: i + 1 })),
        head,
      ),
    ).toMatchObject({ matches: false });
    // Records after the head do not concern it.
    expect(checkHead([...history, record(3, { method: 'other' })], head)).toEqual({ matches: true });
  });

  it('is recorded once per head: the same head again records nothing', () => {
    const spec = specFor(auditChainDecider);
    const command = {
      type: 'RecordAuditChainHead' as const,
      practiceId: 'p1',
      records: 2,
      throughSeq: 2,
      head: 'h',
      keyId: 'k',
      signature: 's',
      at: '2026-12-01T10:00:00.000Z',
    };
    const first = spec.given([]).when(command).events();
    expect(first).toHaveLength(1);
    expect(spec.given(first).when(command).events()).toEqual([]);
    expect(
      spec
        .given(first)
        .when({ ...command, records: 3, throughSeq: 3, head: 'h2' })
        .events(),
    ).toHaveLength(1);
  });
});
