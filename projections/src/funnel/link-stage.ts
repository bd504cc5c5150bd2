import type { LinkPageViewed, PatientConnected, PhoneVerified, VerificationCodeSent, VisitSource } from '@pi/domain';
import { sourceOfSignup, sourceOfView } from '@pi/domain';

/** The events that move a link's funnel on their own (no other event needed to place them). */
export type LinkFunnelEvent = LinkPageViewed | VerificationCodeSent | PhoneVerified | PatientConnected;
export const LINK_FUNNEL_EVENT_TYPES = [
  'LinkPageViewed',
  'VerificationCodeSent',
  'PhoneVerified',
  'PatientConnected',
] as const satisfies readonly LinkFunnelEvent['type'][];

export interface LinkStageFact {
  stage: 'views' | 'automatedViews' | 'signupsStarted' | 'verified' | 'connected';
  practiceId: string;
  linkId: string;
  at: string;
  /** How the visitor came (null for a connection: its sign-up tells). */
  source: VisitSource | null;
  /** The sign-up's verification (sign-ups, verifications, connections). */
  verificationId: string | null;
  /** The invitation token's hash a sign-up came with. */
  invitationTokenHash: string | null;
  /** The invitation a connection accepted. */
  invitationId: string | null;
}

/**
 * The link stage an event is, if any: a view (by a person or automated), a
 * sign-up started (its first code sent), a phone verified for a sign-up, a
 * connection. The live read model and the replay of the log both count with
 * this one function, so they cannot disagree on what a stage is.
 */
export function linkStageOf(event: { type: string; data: unknown }): LinkStageFact | null {
  switch (event.type) {
    case 'LinkPageViewed': {
      const data = event.data as LinkPageViewed['data'];
      return {
        stage: data.automated ? 'automatedViews' : 'views',
        practiceId: data.practiceId,
        linkId: data.linkId,
        at: data.viewedAt,
        source: sourceOfView(data),
        verificationId: null,
        invitationTokenHash: null,
        invitationId: null,
      };
    }
    case 'VerificationCodeSent': {
      const data = event.data as VerificationCodeSent['data'];
      if (data.codeNumber !== 1 || data.purpose?.kind !== 'signup') return null;
      return signupFact('signupsStarted', data.verificationId, data.purpose, data.sentAt);
    }
    case 'PhoneVerified': {
      const data = event.data as PhoneVerified['data'];
      if (data.purpose.kind !== 'signup') return null;
      return signupFact('verified', data.verificationId, data.purpose, data.verifiedAt);
    }
    case 'PatientConnected': {
      const data = event.data as PatientConnected['data'];
      return {
        stage: 'connected',
        practiceId: data.practiceId,
        linkId: data.linkId,
        at: data.connectedAt,
        source: null,
        verificationId: data.verificationId,
        invitationTokenHash: data.invitationTokenHash ?? null,
        invitationId: data.invitationId,
      };
    }
    default:
      return null;
  }
}

type SignupPurpose = Extract<VerificationCodeSent['data']['purpose'], { kind: 'signup' }>;

function signupFact(
  stage: 'signupsStarted' | 'verified',
  verificationId: string,
  purpose: SignupPurpose,
  at: string,
): LinkStageFact {
  return {
    stage,
    practiceId: purpose.practiceId,
    linkId: purpose.linkId,
    at,
    source: sourceOfSignup(purpose),
    verificationId,
    invitationTokenHash: purpose.invitationTokenHash,
    invitationId: null,
  };
}
