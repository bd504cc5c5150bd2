import {
  DEFAULT_INVITE_SETTINGS,
  DEFAULT_TIME_ZONE,
  PRACTICE_EVENT_TYPES,
  type InviteSettings,
  type PracticeEvent,
  type PracticeProfile,
} from '@pi/domain';
import type { Projection } from '@pi/read-store';

export interface PracticeProfileDoc extends PracticeProfile {
  id: string;
  practiceId: string;
  defaultCountry: string;
  inviteSettings: InviteSettings;
  registeredAt: string;
  updatedAt: string;
}

export const practiceProfileProjection: Projection<PracticeProfileDoc, PracticeEvent> = {
  name: 'practice-profile',
  /** 3: the practice's time zone. 4: reminders and the sending window. */
  version: 4,
  indexes: [],
  eventTypes: PRACTICE_EVENT_TYPES,
  documentId: (event) => event.data.practiceId,
  evolve(doc, event) {
    switch (event.type) {
      case 'PracticeRegistered': {
        const { practiceId, name, defaultCountry, registeredAt } = event.data;
        return {
          id: practiceId,
          practiceId,
          name,
          about: null,
          logoUrl: null,
          offerings: [],
          location: null,
          phone: null,
          timeZone: DEFAULT_TIME_ZONE,
          defaultCountry,
          inviteSettings: DEFAULT_INVITE_SETTINGS,
          registeredAt,
          updatedAt: registeredAt,
        };
      }
      case 'PracticeProfileUpdated':
        return doc && { ...doc, ...event.data.changes, updatedAt: event.data.updatedAt };
      case 'InviteSettingsChanged':
        return (
          doc && {
            ...doc,
            inviteSettings: { ...DEFAULT_INVITE_SETTINGS, ...event.data.settings },
            updatedAt: event.data.changedAt,
          }
        );
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
};
