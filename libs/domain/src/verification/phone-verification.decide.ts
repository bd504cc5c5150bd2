import type { Decider } from '../shared/decider.js';
import { subjects } from '../privacy/subjects.js';
import {
  CODE_POLICY,
  type PhoneVerificationCommand,
  type PhoneVerificationEvent,
  type VerificationPurpose,
} from './phone-verification.events.js';
import {
  CodeExpired,
  CodeLocked,
  CodeRequestedTooSoon,
  TooManyCodes,
  VerificationNotFound,
} from './phone-verification.errors.js';

interface Verification {
  purpose: VerificationPurpose;
  code: { number: number; hash: string; expiresAt: string; tries: number };
  verified: boolean;
  verifiedAt: string | null;
  /** Its personal data was shredded. */
  erased?: boolean;
}

/** One stream per phone (named by its hash): every code sent to it, so the per-phone limits are one decision. */
export interface PhoneVerificationState {
  /** E.164, as the first code recorded it. */
  phone: string | null;
  /** The last sends, newest last (enough to judge the hourly limit). */
  recentSends: readonly string[];
  verifications: Readonly<Record<string, Verification>>;
}

export const initialPhoneVerificationState: PhoneVerificationState = {
  phone: null,
  recentSends: [],
  verifications: {},
};

export function evolvePhoneVerification(
  state: PhoneVerificationState,
  event: PhoneVerificationEvent,
): PhoneVerificationState {
  switch (event.type) {
    case 'VerificationCodeSent': {
      const { verificationId, codeNumber, codeHash, expiresAt, sentAt } = event.data;
      const purpose = event.data.purpose ?? state.verifications[verificationId]?.purpose;
      if (!purpose) return state;
      const recentSends = [...state.recentSends, sentAt].slice(-CODE_POLICY.maxSendsPerHour);
      const verification: Verification = {
        purpose,
        code: { number: codeNumber, hash: codeHash, expiresAt, tries: 0 },
        verified: false,
        verifiedAt: null,
      };
      return {
        phone: event.data.phone,
        recentSends,
        verifications: { ...state.verifications, [verificationId]: verification },
      };
    }
    case 'VerificationCodeRejected': {
      const current = state.verifications[event.data.verificationId];
      if (!current || current.code.number !== event.data.codeNumber) return state;
      return {
        ...state,
        verifications: {
          ...state.verifications,
          [event.data.verificationId]: { ...current, code: { ...current.code, tries: event.data.tries } },
        },
      };
    }
    case 'PhoneVerified': {
      const current = state.verifications[event.data.verificationId];
      if (!current) return state;
      return {
        ...state,
        verifications: {
          ...state.verifications,
          [event.data.verificationId]: { ...current, verified: true, verifiedAt: event.data.verifiedAt },
        },
      };
    }
    case 'PersonalDataErased': {
      const current = state.verifications[event.data.id];
      if (!current) return state;
      return { ...state, verifications: { ...state.verifications, [event.data.id]: { ...current, erased: true } } };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function erase(
  c: Extract<PhoneVerificationCommand, { type: 'EraseVerification' }>,
  state: PhoneVerificationState,
): PhoneVerificationEvent[] {
  const verification = state.verifications[c.verificationId];
  if (!verification) throw new VerificationNotFound();
  // Already shredded, or the proof of an account (erased with the account): nothing to do here.
  if (verification.erased || (verification.verified && verification.purpose.kind !== 'sign_in')) return [];
  return [
    {
      type: 'PersonalDataErased',
      data: {
        kind: 'verification',
        id: c.verificationId,
        practiceId: verification.purpose.kind === 'signup' ? verification.purpose.practiceId : null,
        subjects: [subjects.verification(c.verificationId)],
        by: c.by,
        reason: 'abandoned_signup',
        reference: null,
        erasedAt: c.at,
      },
    },
  ];
}

function sendCode(
  c: Extract<PhoneVerificationCommand, { type: 'SendCode' }>,
  state: PhoneVerificationState,
): PhoneVerificationEvent[] {
  const now = Date.parse(c.at);
  const last = state.recentSends.at(-1);
  if (last && now - Date.parse(last) < CODE_POLICY.minSecondsBetweenSends * 1000) {
    throw new CodeRequestedTooSoon(
      Math.ceil((Date.parse(last) + CODE_POLICY.minSecondsBetweenSends * 1000 - now) / 1000),
    );
  }
  const hour = 3600_000;
  const inLastHour = state.recentSends.filter((t) => now - Date.parse(t) < hour);
  if (inLastHour.length >= CODE_POLICY.maxSendsPerHour)
    throw new TooManyCodes(Math.ceil((Date.parse(inLastHour[0]) + hour - now) / 1000));
  const existing = state.verifications[c.verificationId];
  if (!existing && !c.purpose) throw new VerificationNotFound();
  if (existing?.verified) throw new VerificationNotFound();
  const expiresAt = new Date(now + CODE_POLICY.ttlSeconds * 1000).toISOString();
  return [
    {
      type: 'VerificationCodeSent',
      data: {
        verificationId: c.verificationId,
        codeNumber: (existing?.code.number ?? 0) + 1,
        phone: c.phone,
        purpose: existing ? null : c.purpose,
        codeHash: c.codeHash,
        sentAt: c.at,
        expiresAt,
      },
    },
  ];
}

/**
 * A right code verifies the phone once; sending it again within its 10
 * minutes (a retried form) changes nothing, so the caller can finish what the
 * verification was for.
 * A wrong code is an event (the try must count), not an error.
 */
function checkCode(
  c: Extract<PhoneVerificationCommand, { type: 'CheckCode' }>,
  state: PhoneVerificationState,
): PhoneVerificationEvent[] {
  const verification = state.verifications[c.verificationId];
  if (!verification) throw new VerificationNotFound();
  const { code } = verification;
  if (verification.verified) {
    // Only while the code would still be valid: a used code is not a lasting key.
    if (c.codeHash === code.hash && c.at < code.expiresAt) return [];
    throw new VerificationNotFound();
  }
  if (code.tries >= CODE_POLICY.maxTries) throw new CodeLocked();
  if (c.at >= code.expiresAt) throw new CodeExpired();
  if (c.codeHash !== code.hash) {
    const tries = code.tries + 1;
    return [
      {
        type: 'VerificationCodeRejected',
        data: {
          verificationId: c.verificationId,
          codeNumber: code.number,
          tries,
          locked: tries >= CODE_POLICY.maxTries,
          rejectedAt: c.at,
        },
      },
    ];
  }
  return [
    {
      type: 'PhoneVerified',
      data: {
        verificationId: c.verificationId,
        codeNumber: code.number,
        phone: state.phone!,
        purpose: verification.purpose,
        verifiedAt: c.at,
      },
    },
  ];
}

export const phoneVerificationDecider: Decider<
  PhoneVerificationCommand,
  PhoneVerificationEvent,
  PhoneVerificationState
> = {
  initialState: initialPhoneVerificationState,
  evolve: evolvePhoneVerification,
  decide(command, state) {
    switch (command.type) {
      case 'SendCode':
        return sendCode(command, state);
      case 'CheckCode':
        return checkCode(command, state);
      case 'EraseVerification':
        return erase(command, state);
    }
  },
};
