import type { LinkPageViewed, PatientConnected, PhoneVerified, VerificationCodeSent } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, it } from 'vitest';
import { linkFunnelProjection } from './link-funnel.projection.js';

const spec = projectionSpec(linkFunnelProjection);
const at = '2026-11-30T12:00:00.000Z';
const purpose = {
  kind: 'signup' as const,
  practiceId: 'p1',
  linkId: 'l1',
  invitationTokenHash: null,
  name: 'N',
  email: 'e@example.com',
  smsConsent: { given: true as const, wording: 'w' },
};
const view = (automated: boolean) =>
  recorded<LinkPageViewed>({
    type: 'LinkPageViewed',
    data: {
      linkId: 'l1',
      practiceId: 'p1',
      day: '2026-11-30',
      viewedAt: at,
      withInvitation: false,
      visitor: 'v',
      automated,
      automatedReason: null,
    },
  });
const code = (codeNumber: number, withPurpose: VerificationCodeSent['data']['purpose']) =>
  recorded<VerificationCodeSent>({
    type: 'VerificationCodeSent',
    data: {
      verificationId: 'v1',
      codeNumber,
      phone: '+1',
      purpose: withPurpose,
      codeHash: 'h',
      sentAt: at,
      expiresAt: at,
    },
  });

describe('link-funnel read model', () => {
  it("counts a link's views (automated apart), sign-ups started (first codes only), verifications and connections", async () => {
    await spec
      .given(
        view(false),
        view(true),
        code(1, purpose),
        code(2, null),
        code(1, { kind: 'sign_in' }),
        recorded<PhoneVerified>({
          type: 'PhoneVerified',
          data: { verificationId: 'v1', codeNumber: 2, phone: '+1', purpose, verifiedAt: at },
        }),
      )
      .when(
        recorded<PatientConnected>({
          type: 'PatientConnected',
          data: {
            patientId: 'pt',
            practiceId: 'p1',
            via: 'link',
            linkId: 'l1',
            verificationId: 'v1',
          } as PatientConnected['data'],
        }),
      )
      .then('l1', {
        id: 'l1',
        linkId: 'l1',
        practiceId: 'p1',
        views: 1,
        automatedViews: 1,
        signupsStarted: 1,
        verified: 1,
        connected: 1,
      });
  });
});
