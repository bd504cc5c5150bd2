import { projectionSpec } from '@pi/read-store';
import { describe, expect, it } from 'vitest';
import { connected, flagged, phoneChanged } from '../testing/patient-events.fixture.js';
import { identityAuditProjection } from './identity-audit.projection.js';

const spec = projectionSpec(identityAuditProjection);

describe('identity-audit read model', () => {
  it('writes one record per audited event, never rewritten, in log order, scoped to the practices that see it', async () => {
    const first = connected();
    const docs = await spec.given(first).when(flagged()).documents();
    const records = [...docs.values()].sort((a, b) => a.seq - b.seq);
    expect(records.map((r) => r.type)).toEqual(['PatientConnected', 'IdentityMismatchFlagged']);
    expect(records[0]).toMatchObject({
      id: first.id,
      scopes: ['p1', 'p1|pt1'],
      patientId: 'pt1',
      identityStatus: 'verified_by_invite',
      actor: 'staff-1',
      at: first.recordedAt,
    });
    expect(records[1]).toMatchObject({ identityStatus: 'mismatch_flagged' });
  });

  it('lets every practice the patient is connected with see a phone change', async () => {
    const changed = phoneChanged();
    const docs = await spec.given(connected()).when(changed).documents();
    expect(docs.get(changed.id)).toMatchObject({
      type: 'PatientPhoneChanged',
      practiceIds: ['p1', 'p2'],
      at: changed.recordedAt,
    });
  });
});
