import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore, NewEvent } from '@pi/event-store';

/**
 * A realistic practice history for benchmarks: links and staff, page views
 * (a fifth of them automated; typed, scanned and invitation visits), sign-ups
 * (some resend or mistype the code, most verify and connect, then message),
 * and invitations with every outcome (delivered, failed, opted out, opened,
 * resent, accepted, revoked, expired) — day after day, in the order a real log
 * has them, until `total` events are written. A second, smaller practice
 * shares the log. Pseudo-random with a fixed seed: every run writes the same mix.
 */
export interface PracticeHistory {
  events: number;
  practiceId: string;
  links: number;
  byType: Record<string, number>;
}

const DAY = 86_400_000;

function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Practice {
  practiceId: string;
  links: string[];
  staff: string[];
  /** Share of each day's stories. */
  weight: number;
}

type Append = { streamId: string; events: NewEvent[] };

export async function writePracticeHistory(
  store: EventStore,
  total: number,
  options: { start?: string; onProgress?: (written: number) => void } = {},
): Promise<PracticeHistory> {
  const random = generator(20261201);
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const practices: Practice[] = [
    { practiceId: randomUUID(), links: [], staff: [], weight: 0.9 },
    { practiceId: randomUUID(), links: [], staff: [], weight: 0.1 },
  ];
  const byType: Record<string, number> = {};
  let written = 0;
  let pending: Append[] = [];
  const flush = async () => {
    // Many appends at once: the store's group commit writes them together.
    await Promise.all(pending.map(({ streamId, events }) => store.append(streamId, events, 'any')));
    pending = [];
    options.onProgress?.(written);
  };
  const emit = async (
    streamId: string,
    practiceId: string,
    actor: string,
    list: { type: string; data: object; at: number }[],
  ) => {
    const events = list.map(({ type, data, at }): NewEvent => {
      byType[type] = (byType[type] ?? 0) + 1;
      const metadata: EventMetadata = {
        practiceId,
        actor,
        correlationId: streamId,
        causationId: streamId,
        occurredAt: new Date(at).toISOString(),
      };
      return { id: randomUUID(), type, data, metadata };
    });
    written += events.length;
    pending.push({ streamId, events });
    if (pending.length >= 2000) await flush();
  };
  const iso = (at: number) => new Date(at).toISOString();
  const start = Date.parse(options.start ?? '2026-01-05T00:00:00Z');

  // The practices, their staff and links.
  for (const practice of practices) {
    const { practiceId } = practice;
    await emit(`practice-${practiceId}`, practiceId, 'system:provisioning', [
      {
        type: 'PracticeRegistered',
        data: { practiceId, name: 'Bench Clinic', defaultCountry: 'US', registeredAt: iso(start) },
        at: start,
      },
    ]);
    for (let i = 0; i < 12; i++) {
      const staffId = randomUUID();
      practice.staff.push(staffId);
      await emit(`staff-${staffId}`, practiceId, 'system:provisioning', [
        {
          type: 'StaffMemberAdded',
          data: {
            staffId,
            practiceId,
            name: `Staff ${i}`,
            email: `s${i}@bench.example`,
            role: i === 0 ? 'admin' : 'staff',
            addedAt: iso(start),
          },
          at: start,
        },
      ]);
    }
    for (let i = 0; i < 6; i++) {
      const linkId = randomUUID();
      practice.links.push(linkId);
      await emit(`link-${linkId}`, practiceId, practice.staff[0]!, [
        {
          type: 'LinkCreated',
          data: { linkId, practiceId, label: `Link ${i}`, slug: `bench-${linkId.slice(0, 8)}`, createdAt: iso(start) },
          at: start,
        },
      ]);
    }
  }

  const signup = async (practice: Practice, linkId: string, at: number, source: string, tokenHash: string | null) => {
    const { practiceId } = practice;
    const verificationId = randomUUID();
    const phone = `+1415${String(Math.floor(random() * 1e7)).padStart(7, '0')}`;
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
    if (chance(0.1)) steps.push(code(2, at + 70_000));
    if (chance(0.1))
      steps.push({
        type: 'VerificationCodeRejected',
        data: { verificationId, codeNumber: 1, tries: 1, locked: false, rejectedAt: iso(at + 90_000) },
        at: at + 90_000,
      } as never);
    const verified = chance(0.8);
    const verifiedAt = at + 120_000;
    if (verified)
      steps.push({
        type: 'PhoneVerified',
        data: { verificationId, codeNumber: 1, phone, purpose, verifiedAt: iso(verifiedAt) },
        at: verifiedAt,
      } as never);
    await emit(`verification-${verificationId}`, practiceId, 'public:visitor', steps);
    if (!verified || !chance(0.95)) return null;
    const patientId = randomUUID();
    const conversationId = randomUUID();
    const contactId = randomUUID();
    const connectedAt = verifiedAt + 1_000;
    const account = { name: 'Pat Bench', phone, email: 'pat@bench.example' };
    await emit(`patient-${patientId}`, practiceId, `patient:${patientId}`, [
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
    const messages = 1 + Math.floor(random() * 4);
    await emit(
      `conversation-${conversationId}`,
      practiceId,
      `patient:${patientId}`,
      Array.from({ length: messages }, (_, i) => ({
        type: 'MessagePosted',
        data: {
          conversationId,
          messageId: randomUUID(),
          practiceId,
          author: i % 2 ? pick(practice.staff) : `patient:${patientId}`,
          text: 'Hello, a question about my appointment.',
          postedAt: iso(connectedAt + i * 60_000),
        },
        at: connectedAt + i * 60_000,
      })),
    );
    return { patientId, contactId };
  };

  const invitation = async (practice: Practice, at: number) => {
    const { practiceId } = practice;
    const invitationId = randomUUID();
    const contactId = randomUUID();
    const linkId = pick(practice.links);
    const sender = pick(practice.staff);
    const channels = chance(0.6) ? ['sms', 'email'] : chance(0.5) ? ['sms'] : ['email'];
    const to = {
      phone: channels.includes('sms') ? '+14155550100' : null,
      email: channels.includes('email') ? 'jane@bench.example' : null,
    };
    let tokenHash = randomUUID();
    await emit(`contact-${contactId}`, practiceId, sender, [
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
        const roll = random();
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
    if (chance(0.2)) {
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
    const opened = chance(0.5);
    if (opened) steps.push({ type: 'InviteOpened', data: { invitationId, openedAt: iso(t) }, at: t });
    await emit(`invitation-${invitationId}`, practiceId, sender, steps);
    if (opened) {
      await view(practice, linkId, t, 'invitation');
      if (chance(0.6)) {
        const joined = await signup(practice, linkId, t + 60_000, 'invitation', tokenHash);
        if (joined) {
          const acceptedAt = t + 200_000;
          await emit(`invitation-${invitationId}`, practiceId, 'system:onboarding', [
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
    const end = chance(0.1) ? 'InviteRevoked' : 'InviteExpired';
    const endAt = end === 'InviteRevoked' ? t + DAY : at + 30 * DAY;
    await emit(`invitation-${invitationId}`, practiceId, end === 'InviteRevoked' ? sender : 'system:expiry', [
      {
        type: end,
        data: { invitationId, [end === 'InviteRevoked' ? 'revokedAt' : 'expiredAt']: iso(endAt) },
        at: endAt,
      },
    ]);
  };

  const view = async (practice: Practice, linkId: string, at: number, source: string) => {
    const automated = source !== 'invitation' && chance(0.2);
    const day = iso(at).slice(0, 10);
    await emit(`linkviews-${linkId}_${day}`, practice.practiceId, 'public:visitor', [
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
  };

  for (let day = 0; written < total; day++) {
    for (const practice of practices) {
      const stories = Math.round(60 * practice.weight);
      for (let s = 0; s < stories && written < total; s++) {
        const at = start + day * DAY + Math.floor(random() * DAY);
        if (chance(0.35)) {
          await invitation(practice, at);
        } else {
          const linkId = pick(practice.links);
          const source = chance(0.4) ? 'qr' : 'link';
          const automated = await view(practice, linkId, at, source);
          if (!automated && chance(0.25)) await signup(practice, linkId, at + 30_000, source, null);
        }
      }
    }
  }
  await flush();
  return { events: written, practiceId: practices[0]!.practiceId, links: practices[0]!.links.length, byType };
}
