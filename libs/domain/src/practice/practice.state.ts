import { DEFAULT_TIME_ZONE } from '../shared/time-zone.js';
import {
  DEFAULT_INVITE_SETTINGS,
  type InviteSettings,
  type PracticeEvent,
  type PracticeProfile,
} from './practice.events.js';

export type PracticeState =
  | { status: 'unregistered' }
  | {
      status: 'registered';
      practiceId: string;
      defaultCountry: string;
      profile: PracticeProfile;
      inviteSettings: InviteSettings;
    };

export const initialPracticeState: PracticeState = { status: 'unregistered' };

export function evolvePractice(state: PracticeState, event: PracticeEvent): PracticeState {
  switch (event.type) {
    case 'PracticeRegistered':
      return {
        status: 'registered',
        practiceId: event.data.practiceId,
        defaultCountry: event.data.defaultCountry,
        profile: {
          name: event.data.name,
          about: null,
          logoUrl: null,
          offerings: [],
          location: null,
          phone: null,
          timeZone: DEFAULT_TIME_ZONE,
        },
        inviteSettings: DEFAULT_INVITE_SETTINGS,
      };
    case 'PracticeProfileUpdated':
      if (state.status !== 'registered') return state;
      return { ...state, profile: { ...state.profile, ...event.data.changes } };
    case 'InviteSettingsChanged':
      if (state.status !== 'registered') return state;
      return { ...state, inviteSettings: { ...DEFAULT_INVITE_SETTINGS, ...event.data.settings } };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
