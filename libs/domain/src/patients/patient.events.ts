import type { DomainEvent } from '../shared/decider.js';
import type { PersonalDataErased } from '../privacy/personal-data-erased.js';
import type { IdentityChecks, IdentityStatus, MismatchField, PersonDetails, VerificationMethod } from './identity.js';

/** The account exists once its phone is verified; one account per verified phone. */
export type PatientAccountCreated = DomainEvent<
  'PatientAccountCreated',
  {
    patientId: string;
    name: string;
    phone: string;
    email: string;
    verificationId: string;
    signedUpAt: { practiceId: string; linkId: string };
    createdAt: string;
  }
>;

export type ConnectionVia = 'invitation' | 'link';
export type ContactMatch = 'invitation' | 'phone' | 'email' | 'created';

/**
 * The patient is paired with a practice: how (invitation or link), on what
 * proof (the verified phone; for an invitation the contact data proven), which
 * of the practice's contacts it paired with and what matched.
 */
export type PatientConnected = DomainEvent<
  'PatientConnected',
  {
    patientId: string;
    practiceId: string;
    via: ConnectionVia;
    linkId: string;
    invitationId: string | null;
    provenBy: 'phone' | 'email' | null;
    contactId: string;
    contactMatch: ContactMatch;
    conversationId: string;
    verificationId: string;
    phoneVerifiedAt: string;
    /** The phone and email the patient used for their account. */
    account: PersonDetails;
    /** The practice's record it was compared with (null when a new contact was created). */
    record: PersonDetails | null;
    checks: IdentityChecks;
    identityStatus: IdentityStatus;
    smsConsentWording: string;
    /**
     * The keyed hash of the account's phone (since keyed address hashes): names the number's consent history
     * at the practice, whose sign-up entry this is. Events from before name none (their history used the bare hash).
     */
    phoneHash?: string;
    /**
     * The hash of the invitation token the patient came with (since the
     * nothing-lost release): what accepting the invitation needs, so the steps
     * after the connection can be finished from the log alone.
     */
    invitationTokenHash?: string | null;
    connectedAt: string;
  }
>;

/** Pairing through a link, without a proven invitation: anyone holding the link can pair. */
export type LinkClaimed = DomainEvent<
  'LinkClaimed',
  {
    patientId: string;
    practiceId: string;
    linkId: string;
    contactId: string;
    conversationId: string;
    contactMatch: ContactMatch;
    invitationTokenUnproven: boolean;
    claimedAt: string;
  }
>;

interface Decision {
  patientId: string;
  practiceId: string;
  contactId: string;
  conversationId: string;
  /** The staff member who decided. */
  by: string;
  note: string;
  previousStatus: IdentityStatus;
  status: IdentityStatus;
}
export type IdentityVerified = DomainEvent<
  'IdentityVerified',
  Decision & { method: VerificationMethod; verifiedAt: string }
>;
export type IdentityMismatchFlagged = DomainEvent<
  'IdentityMismatchFlagged',
  Decision & { differs: MismatchField[]; flaggedAt: string }
>;
export type IdentityMismatchResolved = DomainEvent<'IdentityMismatchResolved', Decision & { resolvedAt: string }>;

/** The login phone changed after an approved support request and a code sent to the new number. */
export type PatientPhoneChanged = DomainEvent<
  'PatientPhoneChanged',
  {
    patientId: string;
    previousPhone: string;
    phone: string;
    requestId: string;
    verificationId: string;
    practiceIds: string[];
    /**
     * Per practice, the new phone checked against the practice's record (since erasure): a fact decided now, so
     * a rebuild after the phone was erased still reads what was decided.
     */
    checks?: Record<string, IdentityChecks>;
    changedAt: string;
  }
>;

/**
 * The patient signed out on the web: that session ends on the server (its cookie, copied or not, no longer lets
 * anyone in). A phone change ends every session of the account, an erasure the account itself.
 */
export type PatientSignedOut = DomainEvent<
  'PatientSignedOut',
  { patientId: string; sessionId: string; sessionExpiresAt: string; signedOutAt: string }
>;

export type PatientEvent =
  | PatientAccountCreated
  | PatientSignedOut
  | PatientConnected
  | LinkClaimed
  | IdentityVerified
  | IdentityMismatchFlagged
  | IdentityMismatchResolved
  | PatientPhoneChanged
  | PersonalDataErased;
export const PATIENT_EVENT_TYPES = [
  'PatientAccountCreated',
  'PatientConnected',
  'LinkClaimed',
  'IdentityVerified',
  'IdentityMismatchFlagged',
  'IdentityMismatchResolved',
  'PatientPhoneChanged',
  'PatientSignedOut',
  'PersonalDataErased',
] as const satisfies readonly PatientEvent['type'][];
