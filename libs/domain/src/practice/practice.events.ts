import type { DomainEvent } from '../shared/decider.js';

/** What a patient sees on every link's landing page. */
export interface PracticeProfile {
  name: string;
  about: string | null;
  logoUrl: string | null;
  offerings: string[];
  location: string | null;
  /** E.164 */
  phone: string | null;
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

export type PracticeEvent = PracticeRegistered | PracticeProfileUpdated;

export const PRACTICE_EVENT_TYPES = ['PracticeRegistered', 'PracticeProfileUpdated'] as const satisfies readonly PracticeEvent['type'][];
