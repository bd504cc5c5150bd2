import type { PersonalDataErased, PhoneVerified, VerificationCodeSent, VerificationPurpose } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, it } from 'vitest';
import { unfinishedVerificationsProjection } from './unfinished-verifications.projection.js';

type Event = VerificationCodeSent | PhoneVerified | PersonalDataErased;
const spec = projectionSpec(unfinishedVerificationsProjection);
const STREAM = 'phoneverification-kAbCdEfGhIjKlMnOpQrStUv';
const signup: VerificationPurpose = {
  kind: 'signup',
  practiceId: 'p1',
  linkId: 'l1',
  invitationTokenHash: null,
  name: 'Jane Doe',
  email: 'jane@example.com',
  smsConsent: { given: true, wording: 'I agree to texts.' },
};
const sent = (sentAt = '2026-12-05T10:00:00.000Z') =>
  recorded<Event>(
    {
      type: 'VerificationCodeSent',
      data: {
        verificationId: 'v1',
        codeNumber: 1,
        phone: '+14155550100',
        purpose: signup,
        codeHash: 'h1',
        sentAt,
        expiresAt: '2026-12-05T10:10:00.000Z',
      },
    },
    { streamId: STREAM },
  );
const verified = (purpose: VerificationPurpose) =>
  recorded<Event>(
    {
      type: 'PhoneVerified',
      data: { verificationId: 'v1', codeNumber: 1, phone: '+14155550100', purpose, verifiedAt: '2026-12-05T10:01:00Z' },
    },
    { streamId: STREAM },
  );
const erased = recorded<Event>({
  type: 'PersonalDataErased',
  data: {
    kind: 'verification',
    id: 'v1',
    practiceId: null,
    subjects: ['verification:v1'],
    by: 'system:retention',
    reason: 'abandoned_signup',
    reference: null,
    erasedAt: '2026-12-06T10:00:00.000Z',
  },
});
const unfinished = { id: 'v1', stream: STREAM, startedAt: '2026-12-05T10:00:00.000Z' };

describe('unfinished verifications read model', () => {
  it('lists a verification from its first code, by its stream and start (ids and times only)', async () => {
    await spec.given().when(sent()).then('v1', unfinished);
  });

  it('keeps the first start when a code is sent again', async () => {
    await spec.given(sent()).when(sent('2026-12-05T10:02:00.000Z')).then('v1', unfinished);
  });

  it('lets go of a verification that proved an account (a sign-up): the account keeps it and erases it', async () => {
    await spec.given(sent()).when(verified(signup)).then('v1', null);
  });

  it('keeps a sign-in verification, which proves no account, for the retention to shred', async () => {
    await spec
      .given(sent())
      .when(verified({ kind: 'sign_in' }))
      .then('v1', unfinished);
  });

  it('lets go of a verification once its data is erased', async () => {
    await spec.given(sent()).when(erased).then('v1', null);
  });
});
