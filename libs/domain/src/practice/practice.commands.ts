import type { SendingWindow } from '../invitations/sending-window.js';
import type { PracticeProfile } from './practice.events.js';

export interface RegisterPractice {
  type: 'RegisterPractice';
  practiceId: string;
  name: string;
  /** ISO 3166-1 alpha-2, used to read phone numbers typed without a country code. */
  defaultCountry: string;
  at: string;
}

/** Fields left out keep their value; null clears a field. The phone is as typed, read against the practice's country. */
export interface UpdatePracticeProfile {
  type: 'UpdatePracticeProfile';
  practiceId: string;
  changes: Partial<Omit<PracticeProfile, 'phone'>> & { phone?: string | null };
  at: string;
}

export interface ChangeInviteSettings {
  type: 'ChangeInviteSettings';
  practiceId: string;
  messageTemplate?: string | null;
  expiryDays?: number;
  reminderDays?: readonly number[];
  sendingWindow?: SendingWindow;
  at: string;
}

export type PracticeCommand = RegisterPractice | UpdatePracticeProfile | ChangeInviteSettings;
