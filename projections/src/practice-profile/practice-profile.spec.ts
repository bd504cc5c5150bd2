import type { PracticeEvent } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, it } from 'vitest';
import { practiceProfileProjection } from './practice-profile.projection.js';

const event = (e: PracticeEvent) => recorded(e, { streamId: 'practice-p1' });

describe('practice-profile projection', () => {
  it('starts an empty profile on registration and merges each update into it', async () => {
    await projectionSpec(practiceProfileProjection)
      .given(
        event({
          type: 'PracticeRegistered',
          data: { practiceId: 'p1', name: 'Brown Clinic', defaultCountry: 'US', registeredAt: '2026-11-01T00:00:00Z' },
        }),
        event({
          type: 'PracticeProfileUpdated',
          data: {
            practiceId: 'p1',
            changes: { about: 'Family care', offerings: ['Vaccines'] },
            updatedAt: '2026-11-02T00:00:00Z',
          },
        }),
      )
      .when(
        event({
          type: 'PracticeProfileUpdated',
          data: {
            practiceId: 'p1',
            changes: { about: null, phone: '+14155550100' },
            updatedAt: '2026-11-03T00:00:00Z',
          },
        }),
      )
      .then('p1', {
        id: 'p1',
        practiceId: 'p1',
        name: 'Brown Clinic',
        about: null,
        logoUrl: null,
        offerings: ['Vaccines'],
        location: null,
        phone: '+14155550100',
        timeZone: 'UTC',
        defaultCountry: 'US',
        inviteSettings: {
          messageTemplate: null,
          expiryDays: 30,
          reminderDays: [2, 5],
          sendingWindow: { from: '08:00', until: '21:00' },
        },
        registeredAt: '2026-11-01T00:00:00Z',
        updatedAt: '2026-11-03T00:00:00Z',
      });
  });
});
