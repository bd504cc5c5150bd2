import type { DomainEvent } from '../shared/decider.js';

/** Why personal data was erased. A code, never free text: the log keeps this forever. */
export const ERASURE_REASONS = [
  'patient_request',
  'entered_in_error',
  'duplicate',
  'practice_left',
  'abandoned_signup',
] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

export type ErasedKind = 'contact' | 'patient' | 'verification';

/**
 * The data keys of these subjects were destroyed: their personal values are
 * unreadable in every copy of the log. Ids, times, statuses and counts stay.
 * Appended to the erased thing's own stream (contact, patient, phone verification).
 */
export type PersonalDataErased = DomainEvent<
  'PersonalDataErased',
  {
    kind: ErasedKind;
    /** The contact, patient or verification id. */
    id: string;
    /** The practice whose admin erased a contact; null for a platform-wide account or a verification. */
    practiceId: string | null;
    /** The practices whose records held the subject's values (a patient's connections). */
    practiceIds?: string[];
    subjects: string[];
    /** A staff id, `operator:<id>` or `system:<process>`. */
    by: string;
    reason: ErasureReason;
    /** A ticket or request number, when the eraser gave one (letters, digits, - and _ only). */
    reference: string | null;
    erasedAt: string;
  }
>;

export const PERSONAL_DATA_ERASED = 'PersonalDataErased';
