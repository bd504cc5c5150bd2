import type { DomainEvent } from '../shared/decider.js';
import type { VisitSource } from '../links/visit-source.js';
import type { PersonalDataErased } from '../privacy/personal-data-erased.js';

/** What a verified phone is for: a web signup at a practice, or a patient's new number after a support request. */
export type VerificationPurpose =
  | {
      kind: 'signup';
      practiceId: string;
      linkId: string;
      /** The invitation token's hash when the patient came through an invitation (`?i=`). */
      invitationTokenHash: string | null;
      /** How the patient reached the page (since the funnel release; older: see `sourceOfSignup`). */
      source?: VisitSource;
      name: string;
      email: string;
      /** The consent box's exact wording, stored with the consent. */
      smsConsent: { given: true; wording: string };
    }
  | { kind: 'phone_change'; requestId: string; patientId: string }
  /** A patient signing in on the web to read and answer their messages. */
  | { kind: 'sign_in' };

export const CODE_POLICY = {
  /** A code works for 10 minutes. */
  ttlSeconds: 600,
  /** Five wrong tries lock that code. */
  maxTries: 5,
  /** A new code at most once a minute and five times an hour, per phone. */
  minSecondsBetweenSends: 60,
  maxSendsPerHour: 5,
} as const;

/**
 * A 6-digit code went to the phone. Only its keyed hash is kept. The first code
 * of a verification carries what the verification is for; later ones (resends) refer to it.
 */
export type VerificationCodeSent = DomainEvent<
  'VerificationCodeSent',
  {
    verificationId: string;
    codeNumber: number;
    phone: string;
    purpose: VerificationPurpose | null;
    codeHash: string;
    sentAt: string;
    expiresAt: string;
  }
>;
export type VerificationCodeRejected = DomainEvent<
  'VerificationCodeRejected',
  { verificationId: string; codeNumber: number; tries: number; locked: boolean; rejectedAt: string }
>;
export type PhoneVerified = DomainEvent<
  'PhoneVerified',
  { verificationId: string; codeNumber: number; phone: string; purpose: VerificationPurpose; verifiedAt: string }
>;

export type PhoneVerificationEvent =
  VerificationCodeSent | VerificationCodeRejected | PhoneVerified | PersonalDataErased;
export const PHONE_VERIFICATION_EVENT_TYPES = [
  'VerificationCodeSent',
  'VerificationCodeRejected',
  'PhoneVerified',
  'PersonalDataErased',
] as const satisfies readonly PhoneVerificationEvent['type'][];

export type PhoneVerificationCommand =
  | {
      type: 'SendCode';
      verificationId: string;
      phone: string;
      purpose: VerificationPurpose | null;
      codeHash: string;
      at: string;
    }
  | { type: 'CheckCode'; verificationId: string; codeHash: string; at: string }
  /** Shreds a verification nobody finished (or a sign-in's) once it is 30 days old; one that proved an account stays. */
  | { type: 'EraseVerification'; verificationId: string; by: string; at: string };

/** How long the phone and details of a verification are kept when they proved no account. */
export const ABANDONED_VERIFICATION_DAYS = 30;
