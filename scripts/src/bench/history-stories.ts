import { randomUUID } from 'node:crypto';
import type { HistoryLog } from './history-log.js';

/** One practice of a generated history: its staff and links, and its share of each day's stories. */
export interface Practice {
  practiceId: string;
  links: string[];
  staff: string[];
  weight: number;
}

export const DAY = 86_400_000;
export const iso = (at: number) => new Date(at).toISOString();

/** A page view; a fifth of those not from an invitation are automated (scanners, previews). */
export async function viewStory(log: HistoryLog, practice: Practice, linkId: string, at: number, source: string) {
  const automated = source !== 'invitation' && log.chance(0.2);
  const day = iso(at).slice(0, 10);
  await log.emit(`linkviews-${linkId}_${day}`, practice.practiceId, 'public:visitor', [
    {
      type: 'LinkPageViewed',
      data: {
        linkId,
        practiceId: practice.practiceId,
        day,
        viewedAt: iso(at),
        withInvitation: source === 'invitation',
        source,
        visitor: randomUUID().slice(0, 16),
        automated,
        automatedReason: automated ? 'user-agent:bot' : null,
      },
      at,
    },
  ]);
  return automated;
}

/** A sign-up: its code (sometimes resent or mistyped), mostly verified, then connected and a few messages. */
export async function signupStory(
  log: HistoryLog,
  practice: Practice,
  linkId: string,
  at: number,
  source: string,
  tokenHash: string | null,
) {
  const { practiceId } = practice;
  const verificationId = randomUUID();
  const phone = `+1415${String(Math.floor(log.random() * 1e7)).padStart(7, '0')}`;
  const purpose = {
    kind: 'signup',
    practiceId,
    linkId,
    invitationTokenHash: tokenHash,
    source,
    name: 'Pat Bench',
    email: 'pat@bench.example',
    smsConsent: { given: true, wording: 'I agree to receive text messages from Bench Clinic.' },
  };
  const code = (n: number, t: number) => ({
    type: 'VerificationCodeSent',
    data: {
      verificationId,
      codeNumber: n,
      phone,
      purpose: n === 1 ? purpose : null,
      codeHash: 'h'.repeat(43),
      sentAt: iso(t),
      expiresAt: iso(t + 600_000),
    },
    at: t,
  });
  const steps = [code(1, at)];
  if (log.chance(0.1)) steps.push(code(2, at + 70_000));
  if (log.chance(0.1))
    steps.push({
      type: 'VerificationCodeRejected',
      data: { verificationId, codeNumber: 1, tries: 1, locked: false, rejectedAt: iso(at + 90_000) },
      at: at + 90_000,
    } as never);
  const verified = log.chance(0.8);
  const verifiedAt = at + 120_000;
  if (verified)
    steps.push({
      type: 'PhoneVerified',
      data: { verificationId, codeNumber: 1, phone, purpose, verifiedAt: iso(verifiedAt) },
      at: verifiedAt,
    } as never);
  await log.emit(`verification-${verificationId}`, practiceId, 'public:visitor', steps);
  if (!verified || !log.chance(0.95)) return null;
  const patientId = randomUUID();
  const conversationId = randomUUID();
  const contactId = randomUUID();
  const connectedAt = verifiedAt + 1_000;
  const account = { name: 'Pat Bench', phone, email: 'pat@bench.example' };
  await log.emit(`patient-${patientId}`, practiceId, `patient:${patientId}`, [
    {
      type: 'PatientAccountCreated',
      data: {
        patientId,
        ...account,
        verificationId,
        signedUpAt: { practiceId, linkId },
        createdAt: iso(connectedAt),
      },
      at: connectedAt,
    },
    {
      type: 'PatientConnected',
      data: {
        patientId,
        practiceId,
        via: tokenHash ? 'invitation' : 'link',
        linkId,
        invitationId: null,
        provenBy: tokenHash ? 'phone' : null,
        contactId,
        contactMatch: 'created',
        conversationId,
        verificationId,
        phoneVerifiedAt: iso(verifiedAt),
        account,
        record: null,
        checks: { phone: 'match' },
        identityStatus: 'unverified_link',
        smsConsentWording: purpose.smsConsent.wording,
        invitationTokenHash: tokenHash,
        connectedAt: iso(connectedAt),
      },
      at: connectedAt,
    },
  ]);
  const messages = 1 + Math.floor(log.random() * 4);
  await log.emit(
    `conversation-${conversationId}`,
    practiceId,
    `patient:${patientId}`,
    Array.from({ length: messages }, (_, i) => ({
      type: 'MessagePosted',
      data: {
        conversationId,
        messageId: randomUUID(),
        practiceId,
        author: i % 2 ? log.pick(practice.staff) : `patient:${patientId}`,
        text: 'Hello, a question about my appointment.',
        postedAt: iso(connectedAt + i * 60_000),
      },
      at: connectedAt + i * 60_000,
    })),
  );
  return { patientId, contactId };
}

/** An invitation on one or two channels with every outcome: failed, opted out, resent, opened, accepted, revoked, expired. */
export async function invitationStory(log: HistoryLog, practice: Practice, at: number) {
  const { practiceId } = practice;
  const invitationId = randomUUID();
  const contactId = randomUUID();
  const linkId = log.pick(practice.links);
  const sender = log.pick(practice.staff);
  const channels = log.chance(0.6) ? ['sms', 'email'] : log.chance(0.5) ? ['sms'] : ['email'];
  const to = {
    phone: channels.includes('sms') ? '+14155550100' : null,
    email: channels.includes('email') ? 'jane@bench.example' : null,
  };
  let tokenHash = randomUUID();
  await log.emit(`contact-${contactId}`, practiceId, sender, [
    {
      type: 'ContactCreated',
      data: {
        contactId,
        practiceId,
        name: 'Jane Bench',
        phone: null,
        email: to.email,
        tags: [],
        source: 'invite',
        createdAt: iso(at),
      },
      at,
    },
  ]);
  const steps: { type: string; data: object; at: number }[] = [
    {
      type: 'InviteSent',
      data: {
        invitationId,
        practiceId,
        contactId,
        linkId,
        channels,
        to,
        tokenHash,
        sealedToken: 'x'.repeat(60),
        message: 'Bench Clinic invites you to message us securely.',
        linkUrl: 'https://invite.example/bench',
        practiceName: 'Bench Clinic',
        sentAt: iso(at),
        expiresAt: iso(at + 30 * DAY),
      },
      at,
    },
  ];
  const deliver = (round: number, t: number) => {
    for (const channel of channels) {
      steps.push({
        type: 'InviteDeliveryAttempted',
        data: {
          invitationId,
          round,
          channel,
          attempt: 1,
          sendKey: `${invitationId}-${round}-${channel}`,
          attemptedAt: iso(t),
        },
        at: t,
      });
      const roll = log.random();
      if (roll < 0.03)
        steps.push({
          type: 'InviteDeliveryFailed',
          data: {
            invitationId,
            round,
            channel,
            reason: 'provider answered 400',
            code: 'provider',
            failedAt: iso(t + 2000),
          },
          at: t + 2000,
        });
      else if (roll < 0.05 && channel === 'sms')
        steps.push({
          type: 'InviteDeliveryFailed',
          data: {
            invitationId,
            round,
            channel,
            reason: 'not sent: opted out',
            code: 'opted_out',
            failedAt: iso(t + 2000),
          },
          at: t + 2000,
        });
      else
        steps.push({
          type: 'InviteDelivered',
          data: { invitationId, round, channel, providerId: null, deliveredAt: iso(t + 2000) },
          at: t + 2000,
        });
    }
  };
  deliver(1, at);
  let t = at + 3 * 3600_000;
  if (log.chance(0.2)) {
    tokenHash = randomUUID();
    steps.push({
      type: 'InviteResent',
      data: {
        invitationId,
        round: 2,
        channels,
        to,
        tokenHash,
        sealedToken: 'x'.repeat(60),
        sentAt: iso(t),
        expiresAt: iso(t + 30 * DAY),
      },
      at: t,
    });
    deliver(2, t);
    t += 3600_000;
  }
  const opened = log.chance(0.5);
  if (opened) steps.push({ type: 'InviteOpened', data: { invitationId, openedAt: iso(t) }, at: t });
  await log.emit(`invitation-${invitationId}`, practiceId, sender, steps);
  if (opened) {
    await viewStory(log, practice, linkId, t, 'invitation');
    if (log.chance(0.6)) {
      const joined = await signupStory(log, practice, linkId, t + 60_000, 'invitation', tokenHash);
      if (joined) {
        const acceptedAt = t + 200_000;
        await log.emit(`invitation-${invitationId}`, practiceId, 'system:onboarding', [
          {
            type: 'InviteAccepted',
            data: {
              invitationId,
              practiceId,
              contactId,
              patientId: joined.patientId,
              provenBy: 'phone',
              acceptedAt: iso(acceptedAt),
            },
            at: acceptedAt,
          },
        ]);
        return;
      }
    }
  }
  const end = log.chance(0.1) ? 'InviteRevoked' : 'InviteExpired';
  const endAt = end === 'InviteRevoked' ? t + DAY : at + 30 * DAY;
  await log.emit(`invitation-${invitationId}`, practiceId, end === 'InviteRevoked' ? sender : 'system:expiry', [
    {
      type: end,
      data: { invitationId, [end === 'InviteRevoked' ? 'revokedAt' : 'expiredAt']: iso(endAt) },
      at: endAt,
    },
  ]);
}
