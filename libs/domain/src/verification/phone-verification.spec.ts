import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import { phoneVerificationDecider } from './phone-verification.decide.js';
import {
  CodeExpired,
  CodeLocked,
  CodeRequestedTooSoon,
  TooManyCodes,
  VerificationNotFound,
} from './phone-verification.errors.js';
import type { PhoneVerificationEvent, VerificationPurpose } from './phone-verification.events.js';

const spec = specFor(phoneVerificationDecider);
const t0 = Date.parse('2026-11-27T10:00:00.000Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();
const purpose: VerificationPurpose = {
  kind: 'signup',
  practiceId: 'p1',
  linkId: 'l1',
  invitationTokenHash: null,
  name: 'Jane Doe',
  email: 'jane@example.com',
  smsConsent: { given: true, wording: 'I agree to texts.' },
};
const phone = '+14155550100';
const sent = (
  verificationId: string,
  codeNumber: number,
  seconds: number,
  hash = `h${codeNumber}`,
): PhoneVerificationEvent => ({
  type: 'VerificationCodeSent',
  data: {
    verificationId,
    codeNumber,
    phone,
    purpose: codeNumber === 1 ? purpose : null,
    codeHash: hash,
    sentAt: at(seconds),
    expiresAt: at(seconds + 600),
  },
});
const rejected = (tries: number): PhoneVerificationEvent => ({
  type: 'VerificationCodeRejected',
  data: { verificationId: 'v1', codeNumber: 1, tries, locked: tries >= 5, rejectedAt: at(10) },
});

describe('phone verification', () => {
  it('sends a code that expires after 10 minutes, carrying what it is for', () => {
    expect(
      spec
        .given([])
        .when({ type: 'SendCode', verificationId: 'v1', phone, purpose, codeHash: 'h1', at: at(0) })
        .events(),
    ).toEqual([sent('v1', 1, 0)]);
  });

  it('sends a new code at most once a minute and five times an hour per phone, whatever the sign-up', () => {
    const tooSoon = spec
      .given([sent('v1', 1, 0)])
      .when({ type: 'SendCode', verificationId: 'v2', phone, purpose, codeHash: 'x', at: at(45) })
      .error();
    expect(tooSoon).toBeInstanceOf(CodeRequestedTooSoon);
    expect((tooSoon as CodeRequestedTooSoon).retryAfterSeconds).toBe(15);
    const resend = spec
      .given([sent('v1', 1, 0)])
      .when({ type: 'SendCode', verificationId: 'v1', phone, purpose: null, codeHash: 'h2', at: at(61) })
      .events();
    expect(resend).toEqual([{ ...sent('v1', 2, 61), data: { ...sent('v1', 2, 61).data, purpose: null } }]);
    const five = [0, 100, 200, 300, 400].map((s, i) => sent('v1', i + 1, s));
    const tooMany = spec
      .given(five)
      .when({ type: 'SendCode', verificationId: 'v1', phone, purpose: null, codeHash: 'h6', at: at(500) })
      .error();
    expect(tooMany).toBeInstanceOf(TooManyCodes);
    expect((tooMany as TooManyCodes).retryAfterSeconds).toBe(3600 - 500);
    expect(
      spec
        .given(five)
        .when({ type: 'SendCode', verificationId: 'v1', phone, purpose: null, codeHash: 'h6', at: at(3601) })
        .events(),
    ).toHaveLength(1);
  });

  it('verifies the phone with the right code, once; the same code again within its 10 minutes changes nothing', () => {
    const verified = spec
      .given([sent('v1', 1, 0)])
      .when({ type: 'CheckCode', verificationId: 'v1', codeHash: 'h1', at: at(30) })
      .events();
    expect(verified).toEqual([
      { type: 'PhoneVerified', data: { verificationId: 'v1', codeNumber: 1, phone, purpose, verifiedAt: at(30) } },
    ]);
    expect(
      spec
        .given([sent('v1', 1, 0), ...verified])
        .when({ type: 'CheckCode', verificationId: 'v1', codeHash: 'h1', at: at(40) })
        .events(),
    ).toEqual([]);
    expect(
      spec
        .given([sent('v1', 1, 0), ...verified])
        .when({ type: 'CheckCode', verificationId: 'v1', codeHash: 'bad', at: at(40) })
        .error(),
    ).toBeInstanceOf(VerificationNotFound);
    // A used code is not a lasting key: after its 10 minutes it opens nothing.
    expect(
      spec
        .given([sent('v1', 1, 0), ...verified])
        .when({ type: 'CheckCode', verificationId: 'v1', codeHash: 'h1', at: at(600) })
        .error(),
    ).toBeInstanceOf(VerificationNotFound);
  });

  it('counts wrong tries and locks the code at the fifth; a new code starts afresh', () => {
    expect(
      spec
        .given([sent('v1', 1, 0)])
        .when({ type: 'CheckCode', verificationId: 'v1', codeHash: 'bad', at: at(10) })
        .events(),
    ).toEqual([rejected(1)]);
    expect(
      spec
        .given([sent('v1', 1, 0), rejected(1), rejected(2), rejected(3), rejected(4)])
        .when({ type: 'CheckCode', verificationId: 'v1', codeHash: 'bad', at: at(10) })
        .events(),
    ).toEqual([{ ...rejected(5), data: { ...rejected(5).data, locked: true } }]);
    const locked = [sent('v1', 1, 0), ...[1, 2, 3, 4, 5].map(rejected)];
    expect(
      spec
        .given(locked)
        .when({ type: 'CheckCode', verificationId: 'v1', codeHash: 'h1', at: at(20) })
        .error(),
    ).toBeInstanceOf(CodeLocked);
    expect(
      spec
        .given([...locked, sent('v1', 2, 120)])
        .when({ type: 'CheckCode', verificationId: 'v1', codeHash: 'h2', at: at(130) })
        .events()[0].type,
    ).toBe('PhoneVerified');
  });

  it('refuses an expired code, an old code after a resend, and an unknown verification', () => {
    expect(
      spec
        .given([sent('v1', 1, 0)])
        .when({ type: 'CheckCode', verificationId: 'v1', codeHash: 'h1', at: at(600) })
        .error(),
    ).toBeInstanceOf(CodeExpired);
    expect(
      spec
        .given([sent('v1', 1, 0), sent('v1', 2, 70)])
        .when({ type: 'CheckCode', verificationId: 'v1', codeHash: 'h1', at: at(80) })
        .events()[0].type,
    ).toBe('VerificationCodeRejected');
    expect(
      spec
        .given([sent('v1', 1, 0)])
        .when({ type: 'CheckCode', verificationId: 'v9', codeHash: 'h1', at: at(10) })
        .error(),
    ).toBeInstanceOf(VerificationNotFound);
    expect(
      spec
        .given([])
        .when({ type: 'SendCode', verificationId: 'v9', phone, purpose: null, codeHash: 'h', at: at(0) })
        .error(),
    ).toBeInstanceOf(VerificationNotFound);
  });
});
