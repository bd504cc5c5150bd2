import type { PersonalDataRead } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, expect, it } from 'vitest';
import { accessAuditProjection } from './access-audit.projection.js';

const spec = projectionSpec(accessAuditProjection);
const read = (data: Partial<PersonalDataRead['data']> = {}) =>
  recorded<PersonalDataRead>({
    type: 'PersonalDataRead',
    data: {
      practiceId: 'p1',
      readerId: 'staff-1',
      route: 'GET /v1/contacts/:contactId',
      kind: 'contact',
      subjectIds: ['c1'],
      patientIds: ['pt1'],
      address: '203.0.113.7',
      readAt: '2026-12-05T10:00:00.000Z',
      ...data,
    },
  });

describe('access audit read model', () => {
  it('keeps one record per read, by the event id: who, when, from where, through which route, which ids', async () => {
    const event = read();
    await spec
      .given()
      .when(event)
      .then(event.id, {
        id: event.id,
        practiceId: 'p1',
        readerId: 'staff-1',
        route: 'GET /v1/contacts/:contactId',
        kind: 'contact',
        subjectIds: ['c1'],
        patientIds: ['pt1'],
        address: '203.0.113.7',
        at: '2026-12-05T10:00:00.000Z',
      });
  });

  it('never merges two reads of the same record (a list read is one record of its own)', async () => {
    const first = read();
    const second = read({ kind: 'patient', route: 'GET /v1/patients', subjectIds: ['pt1', 'pt2'], address: null });
    const docs = await spec.given(first).when(second).documents();
    expect([...docs.keys()].sort()).toEqual([first.id, second.id].sort());
    expect(docs.get(second.id)).toMatchObject({ kind: 'patient', subjectIds: ['pt1', 'pt2'], address: null });
  });
});
