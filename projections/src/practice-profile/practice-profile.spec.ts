import { describe, expect, it } from 'vitest';
import { recorded as recordedEvent } from '../testing/recorded.fixture.js';
import { practiceProfileProjection as projection } from './practice-profile.projection.js';

const recorded = (type: string, data: object) => recordedEvent(type, data, 'practice-p1');

describe('practice-profile projection', () => {
  it('starts an empty profile on registration and merges each update into it', () => {
    const events = [
      recorded('PracticeRegistered', { practiceId: 'p1', name: 'Brown Clinic', defaultCountry: 'US', registeredAt: '2026-11-01T00:00:00Z' }),
      recorded('PracticeProfileUpdated', { practiceId: 'p1', changes: { about: 'Family care', offerings: ['Vaccines'] }, updatedAt: '2026-11-02T00:00:00Z' }),
      recorded('PracticeProfileUpdated', { practiceId: 'p1', changes: { about: null, phone: '+14155550100' }, updatedAt: '2026-11-03T00:00:00Z' }),
    ];
    const doc = events.reduce(projection.evolve, null);
    expect(doc).toEqual({
      id: 'p1',
      practiceId: 'p1',
      name: 'Brown Clinic',
      about: null,
      logoUrl: null,
      offerings: ['Vaccines'],
      location: null,
      phone: '+14155550100',
      defaultCountry: 'US',
      inviteSettings: { messageTemplate: null, expiryDays: 30 },
      registeredAt: '2026-11-01T00:00:00Z',
      updatedAt: '2026-11-03T00:00:00Z',
    });
    expect(projection.documentId(events[1]!)).toBe('p1');
  });
});
