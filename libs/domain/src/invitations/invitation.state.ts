import type { Channel, DeliveryReport, InvitationEvent } from './invitation.events.js';

export type DeliveryState = 'queued' | 'attempted' | 'delivered' | 'failed';

export type InvitationState =
  | { status: 'none' }
  | {
      status: 'pending' | 'accepted' | 'revoked' | 'expired';
      invitationId: string;
      practiceId: string;
      contactId: string;
      /** 1 for the first send, +1 per resend: deliveries belong to a round. */
      round: number;
      tokenHash: string;
      /** Every token this invitation was sent with: a send already recorded (a retry, a completion) records nothing. */
      sentTokens: readonly string[];
      /** When the live round was sent: a resend decided before it is stale. */
      lastSentAt: string;
      expiresAt: string;
      deliveries: Partial<Record<Channel, { state: DeliveryState; attempts: number }>>;
      opened: boolean;
      /** Where the token went on the live round, to judge what a patient proved. */
      to: { phone: string | null; email: string | null };
      channels: readonly Channel[];
      acceptedBy: string | null;
      /** Each message a provider accepted, by its id for it: which round and channel, and its last report. */
      providerMessages: Readonly<Record<string, { round: number; channel: Channel; report: DeliveryReport | null }>>;
      /** When the reminders of the last send are due (none for sends before reminders existed). */
      remindAt: readonly string[];
      /** Reminders sent since the last send. */
      remindersSent: number;
      remindersStopped: boolean;
      /** Expired after its reminders: staff follow up, until they mark it done or re-invite (a resend). */
      followUp: 'none' | 'open' | 'done' | 'reinvited';
    };

export const initialInvitationState: InvitationState = { status: 'none' };

const queued = (channels: readonly Channel[]) =>
  Object.fromEntries(channels.map((c) => [c, { state: 'queued' as const, attempts: 0 }]));

/** A send (or resend) starts its reminders over. */
const freshSchedule = (remindAt: readonly string[] | undefined) => ({
  remindAt: remindAt ?? [],
  remindersSent: 0,
  remindersStopped: false,
  followUp: 'none' as const,
});

export function evolveInvitation(state: InvitationState, event: InvitationEvent): InvitationState {
  if (event.type === 'InviteSent') {
    const { invitationId, practiceId, contactId, tokenHash, expiresAt, channels, to } = event.data;
    return {
      status: 'pending',
      invitationId,
      practiceId,
      contactId,
      round: 1,
      tokenHash,
      sentTokens: [tokenHash],
      lastSentAt: event.data.sentAt,
      expiresAt,
      deliveries: queued(channels),
      opened: false,
      to,
      channels,
      acceptedBy: null,
      providerMessages: {},
      ...freshSchedule(event.data.remindAt),
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'InviteResent':
      return {
        ...state,
        status: 'pending',
        round: event.data.round,
        tokenHash: event.data.tokenHash,
        sentTokens: [...state.sentTokens, event.data.tokenHash],
        lastSentAt: event.data.sentAt,
        expiresAt: event.data.expiresAt,
        deliveries: queued(event.data.channels),
        to: event.data.to,
        channels: event.data.channels,
        ...freshSchedule(event.data.remindAt),
        followUp: state.followUp === 'open' ? 'reinvited' : state.followUp,
      };
    case 'InviteReminderSent':
      return {
        ...state,
        round: event.data.round,
        deliveries: queued(event.data.channels),
        remindersSent: event.data.reminder,
      };
    case 'InviteRemindersStopped':
      return { ...state, remindersStopped: true };
    case 'InviteHandedOff':
      return { ...state, followUp: 'open' };
    case 'InviteFollowUpDone':
      return { ...state, followUp: 'done' };
    case 'InviteDeliveryAttempted': {
      const current = state.deliveries[event.data.channel];
      if (event.data.round !== state.round || !current) return state;
      return {
        ...state,
        deliveries: { ...state.deliveries, [event.data.channel]: { state: 'attempted', attempts: event.data.attempt } },
      };
    }
    case 'InviteDelivered':
    case 'InviteDeliveryFailed': {
      const current = state.deliveries[event.data.channel];
      if (event.data.round !== state.round || !current) return state;
      const { providerId } = event.data as { providerId?: string | null };
      return {
        ...state,
        providerMessages: providerId
          ? {
              ...state.providerMessages,
              [providerId]: { round: event.data.round, channel: event.data.channel, report: null },
            }
          : state.providerMessages,
        deliveries: {
          ...state.deliveries,
          [event.data.channel]: { ...current, state: event.type === 'InviteDelivered' ? 'delivered' : 'failed' },
        },
      };
    }
    case 'InviteDeliveryReported': {
      const message = state.providerMessages[event.data.providerId];
      if (!message) return state;
      return {
        ...state,
        providerMessages: {
          ...state.providerMessages,
          [event.data.providerId]: { ...message, report: event.data.status },
        },
      };
    }
    case 'InviteOpened':
      return { ...state, opened: true };
    case 'InviteAccepted':
    case 'InviteAcceptedByLink':
      return { ...state, status: 'accepted', acceptedBy: event.data.patientId };
    case 'InviteRevoked':
      return { ...state, status: 'revoked' };
    case 'InviteExpired':
      return { ...state, status: 'expired' };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
