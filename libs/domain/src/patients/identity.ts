import { emailMatchKey } from '../shared/email.js';

/**
 * How a patient's pairing with a practice stands:
 * - verified_by_invite: the patient proved (by code, or by the invitation's channel) contact data the practice gave;
 * - unverified_link: joined through a link; only their own phone was checked, so the practice must verify before sharing PHI;
 * - verified_by_staff: a staff member recorded how they verified the patient;
 * - mismatch_flagged: a staff member found that the patient's details differ from the practice's records.
 */
export const IDENTITY_STATUSES = [
  'verified_by_invite',
  'unverified_link',
  'verified_by_staff',
  'mismatch_flagged',
] as const;
export type IdentityStatus = (typeof IDENTITY_STATUSES)[number];

export const VERIFICATION_METHODS = ['records_match', 'known_channel_confirmation', 'in_person', 'other'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

export const MISMATCH_FIELDS = ['phone', 'email', 'name', 'other'] as const;
export type MismatchField = (typeof MISMATCH_FIELDS)[number];

export type CheckResult = 'match' | 'differs' | 'not_on_record';
export interface IdentityChecks {
  phone: CheckResult;
  email: CheckResult;
  name: CheckResult;
}

export interface PersonDetails {
  name: string;
  /** E.164 */
  phone: string | null;
  email: string | null;
}

/** Names compare without case, accents, punctuation or extra spaces: "José  O'Neil" = "jose oneil". */
function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
}

/**
 * What matched and what did not between the details a patient signed up with
 * and the practice's record of the person. A match is a signal, not proof:
 * numbers are shared and reassigned.
 */
export function compareIdentity(patient: PersonDetails, record: PersonDetails | null): IdentityChecks {
  if (!record) return { phone: 'not_on_record', email: 'not_on_record', name: 'not_on_record' };
  const check = (mine: string | null, theirs: string | null, key: (v: string) => string): CheckResult =>
    theirs === null || theirs.trim() === ''
      ? 'not_on_record'
      : mine !== null && key(mine) === key(theirs)
        ? 'match'
        : 'differs';
  return {
    phone: check(patient.phone, record.phone, (v) => v),
    email: check(patient.email, record.email, emailMatchKey),
    name: check(patient.name, record.name, nameKey),
  };
}

/** What staff read next to a status that is not verified (HIPAA 164.514(h)). */
export function identityNotice(status: IdentityStatus): string | null {
  switch (status) {
    case 'unverified_link':
      return "Joined through a link: only the patient's own phone was checked. Verify their identity before sharing health information — compare the phone and email with your records, and if they differ, confirm through a channel you already know.";
    case 'mismatch_flagged':
      return "The patient's details differ from your records. Do not share health information until the mismatch is resolved through a channel you already know.";
    default:
      return null;
  }
}
