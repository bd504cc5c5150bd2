import { projectionSpec } from '@pi/read-store';
import { describe, expect, it } from 'vitest';
import { at, connected, flagged, phoneChanged, resolved } from '../testing/patient-events.fixture.js';
import { patientConnectionsProjection } from './patient-connections.projection.js';

const spec = projectionSpec(patientConnectionsProjection);

describe('patient-connections read model', () => {
  it('keeps one pairing per practice and patient, with what the patient proved', async () => {
    const doc = (await spec.given().when(connected()).documents()).get('p1:pt1');
    expect(doc).toMatchObject({
      contactId: 'c1',
      conversationId: 'cv1',
      via: 'invitation',
      provenBy: 'phone',
      identityStatus: 'verified_by_invite',
      decisions: [],
      connectedAt: at(1),
    });
  });

  it('lists every identity decision in order, with who and the status it left', async () => {
    const doc = (await spec.given(connected(), flagged()).when(resolved()).documents()).get('p1:pt1')!;
    expect(doc.identityStatus).toBe('verified_by_invite');
    expect(doc.decisions).toEqual([
      {
        what: 'mismatch_flagged',
        by: 'staff-1',
        at: at(2),
        differs: ['email'],
        status: 'mismatch_flagged',
      },
      { what: 'mismatch_resolved', by: 'staff-1', at: at(3), status: 'verified_by_invite' },
    ]);
    expect(doc.decisionNotes).toEqual(['Checked the chart', 'Checked the chart']);
  });

  it('follows a changed login phone into every practice the patient is connected with, and checks it again', async () => {
    const changed = phoneChanged();
    const docs = await spec
      .given(connected(), connected({ practiceId: 'p2' }))
      .when(changed)
      .documents();
    for (const id of ['p1:pt1', 'p2:pt1'])
      expect(docs.get(id)).toMatchObject({
        account: { phone: '+14155550199' },
        checks: { phone: 'differs' },
        updatedAt: at(4),
      });
  });
});
