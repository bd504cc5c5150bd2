import type { DomainEvent } from '../shared/decider.js';
import { DEFAULT_REMINDER_DAYS } from '../invitations/reminder-schedule.js';
import { DEFAULT_SENDING_WINDOW, type SendingWindow } from '../invitations/sending-window.js';

/** What a patient sees on every link's landing page. */
export interface PracticeProfile {
  name: string;
  about: string | null;
  logoUrl: string | null;
  offerings: string[];
  location: string | null;
  /** E.164 */
  phone: string | null;
  /** IANA name: where the practice's days and weeks begin (reports, quiet hours). Not shown to patients. */
  timeZone: string;
}

export type PracticeRegistered = DomainEvent<
  'PracticeRegistered',
  { practiceId: string; name: string; defaultCountry: string; registeredAt: string }
>;

/** Only the fields that changed, with their new values. */
export type PracticeProfileUpdated = DomainEvent<
  'PracticeProfileUpdated',
  { practiceId: string; changes: Partial<PracticeProfile>; updatedAt: string }
>;

/**
 * How invitations go out: the default message (null: the product's own), how
 * long a link stays valid, the reminders (days after the last send) and the
 * local hours automated messages may go.
 */
export interface InviteSettings {
  messageTemplate: string | null;
  expiryDays: number;
  reminderDays: readonly number[];
  sendingWindow: SendingWindow;
}

export const DEFAULT_INVITE_SETTINGS: InviteSettings = {
  messageTemplate: null,
  expiryDays: 30,
  reminderDays: DEFAULT_REMINDER_DAYS,
  sendingWindow: DEFAULT_SENDING_WINDOW,
};

/** The settings as they were then (events before the reminders release hold only the message and the expiry). */
export type InviteSettingsChanged = DomainEvent<
  'InviteSettingsChanged',
  {
    practiceId: string;
    settings: Pick<InviteSettings, 'messageTemplate' | 'expiryDays'> & Partial<InviteSettings>;
    changedAt: string;
  }
>;

export type PracticeEvent = PracticeRegistered | PracticeProfileUpdated | InviteSettingsChanged;

export const PRACTICE_EVENT_TYPES = [
  'PracticeRegistered',
  'PracticeProfileUpdated',
  'InviteSettingsChanged',
] as const satisfies readonly PracticeEvent['type'][];
