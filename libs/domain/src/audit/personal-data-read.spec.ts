import { describe, expect, it } from 'vitest';
import { personalDataReadDecider } from './personal-data-read.js';

const read = {
  type: 'RecordPersonalDataRead' as const,
  practiceId: 'p1',
  readerId: 's1',
  route: 'GET /v1/contacts',
  kind: 'contact' as const,
  subjectIds: ['c1', 'c2'],
  patientIds: ['pa1'],
  address: '203.0.113.7',
  at: '2026-11-30T10:00:00.000Z',
};

describe('personal data reads', () => {
  it('records who read which records, when, from where and through which route: ids only', () => {
    expect(personalDataReadDecider.decide(read, null)).toEqual([
      {
        type: 'PersonalDataRead',
        data: {
          practiceId: 'p1',
          readerId: 's1',
          route: 'GET /v1/contacts',
          kind: 'contact',
          subjectIds: ['c1', 'c2'],
          patientIds: ['pa1'],
          address: '203.0.113.7',
          readAt: '2026-11-30T10:00:00.000Z',
        },
      },
    ]);
  });

  it('records nothing for a read of nothing (an empty page)', () => {
    expect(personalDataReadDecider.decide({ ...read, subjectIds: [], patientIds: [] }, null)).toEqual([]);
  });
});
