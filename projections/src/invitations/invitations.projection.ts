import {
  idsOfKind,
  INVITATION_EVENT_TYPES,
  isErased,
  PERSONAL_DATA_ERASED,
  type Channel,
  type InvitationEvent,
  type PersonalDataErased,
  subjects,
} from '@pi/domain';
import type { Projection } from '@pi/read-store';

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';
/** What staff see at a glance on a pending invitation. */
export type InvitationProgress = 'sent' | 'delivered' | 'failed' | 'opened';

export interface ChannelDelivery {
  state: 'queued' | 'attempted' | 'delivered' | 'failed';
  attempts: number;
  reason: string | null;
  at: string;
}

export interface TimelineEntry {
  at: string;
  what:
    | 'sent'
    | 'resent'
    | 'reminded'
    | 'reminders_stopped'
    | 'delivered'
    | 'failed'
    | 'reported'
    | 'opened'
    | 'accepted'
    /** The contact connected through a practice link while this invitation was pending. */
    | 'accepted_by_link'
    | 'revoked'
    | 'expired'
    | 'handed_off'
    | 'follow_up_done';
  channel?: Channel;
  reason?: string;
}

export interface InvitationDoc {
  id: string;
  practiceId: string;
  contactId: string;
  linkId: string;
  /** The number texted (E.164), to find who a STOP reply is for. */
  phone: string | null;
  status: InvitationStatus;
  progress: InvitationProgress;
  channels: Channel[];
  deliveries: Partial<Record<Channel, ChannelDelivery>>;
  round: number;
  /** The live token's hash: how an opened link finds its invitation. */
  tokenHash: string;
  sends: number;
  /** Automatic reminders since the last send. */
  reminders: number;
  /** A bulk send made outside the practice's sending window waits until then (null: it went at once). */
  heldUntil: string | null;
  lastSentAt: string;
  expiresAt: string;
  openedAt: string | null;
  timeline: TimelineEntry[];
  /** The provider's ids of the messages it accepted (SMS status callbacks find the invitation by them). */
  providerIds?: string[];
  createdAt: string;
}

function progressOf(doc: Pick<InvitationDoc, 'openedAt' | 'deliveries'>): InvitationProgress {
  if (doc.openedAt) return 'opened';
  const states = Object.values(doc.deliveries).map((d) => d.state);
  if (states.includes('delivered')) return 'delivered';
  if (states.length > 0 && states.every((s) => s === 'failed')) return 'failed';
  return 'sent';
}

const queued = (channels: readonly Channel[], at: string) =>
  Object.fromEntries(
    channels.map((c) => [c, { state: 'queued', attempts: 0, reason: null, at }]),
  ) as InvitationDoc['deliveries'];

/** The number an invitation texted; none once erased. */
const textedPhone = (channels: readonly Channel[], phone: string | null, otherwise: string | null) =>
  channels.includes('sms') ? (phone !== null && isErased(phone) ? null : phone) : otherwise;

export const invitationsProjection: Projection<InvitationDoc, InvitationEvent | PersonalDataErased> = {
  name: 'invitations',
  /** 4: provider ids and delivery reports (SMS status callbacks). 5: reminders, held sends, hand-offs. */
  version: 6,
  sealed: { groups: [{ subject: (doc) => subjects.invitation(doc.id), paths: ['phone'] }], blind: { phone: 'exact' } },
  indexes: [
    { fields: ['providerIds'], multikey: true },
    { fields: ['practiceId', 'status', 'lastSentAt'] },
    { fields: ['contactId'] },
    { fields: ['tokenHash'] },
    { fields: ['phone', 'lastSentAt'] },
    { fields: ['status', 'expiresAt'] },
  ],
  eventTypes: [...INVITATION_EVENT_TYPES, PERSONAL_DATA_ERASED],
  documentId: (event) =>
    event.type === 'PersonalDataErased' ? idsOfKind('invitation', event.data.subjects) : event.data.invitationId,
  evolve(doc, event) {
    if (event.type === 'InviteSent') {
      const { invitationId, practiceId, contactId, linkId, channels, tokenHash, sentAt, expiresAt, to } = event.data;
      return {
        id: invitationId,
        practiceId,
        contactId,
        linkId,
        phone: textedPhone(channels, to.phone, null),
        status: 'pending',
        progress: 'sent',
        channels,
        deliveries: queued(channels, sentAt),
        round: 1,
        tokenHash,
        sends: 1,
        reminders: 0,
        heldUntil: event.data.holdUntil ?? null,
        lastSentAt: sentAt,
        expiresAt,
        openedAt: null,
        timeline: [{ at: sentAt, what: 'sent' }],
        createdAt: sentAt,
      };
    }
    if (!doc) return null;
    let next: InvitationDoc;
    switch (event.type) {
      case 'InviteResent': {
        const { round, channels, tokenHash, sentAt, expiresAt, to } = event.data;
        next = {
          ...doc,
          phone: textedPhone(channels, to.phone, doc.phone),
          status: 'pending',
          round,
          channels,
          deliveries: queued(channels, sentAt),
          tokenHash,
          sends: doc.sends + 1,
          reminders: 0,
          heldUntil: event.data.holdUntil ?? null,
          lastSentAt: sentAt,
          expiresAt,
          openedAt: null,
          timeline: [...doc.timeline, { at: sentAt, what: 'resent' }],
        };
        break;
      }
      case 'InviteReminderSent': {
        const { round, channels, reminder, sentAt } = event.data;
        next = {
          ...doc,
          round,
          deliveries: queued(channels, sentAt),
          reminders: reminder,
          timeline: [...doc.timeline, { at: sentAt, what: 'reminded' }],
        };
        break;
      }
      case 'InviteRemindersStopped':
        next = {
          ...doc,
          timeline: [
            ...doc.timeline,
            { at: event.data.stoppedAt, what: 'reminders_stopped', reason: event.data.reason.replace('_', ' ') },
          ],
        };
        break;
      case 'InviteHandedOff':
        next = { ...doc, timeline: [...doc.timeline, { at: event.data.handedOffAt, what: 'handed_off' }] };
        break;
      case 'InviteFollowUpDone':
        next = { ...doc, timeline: [...doc.timeline, { at: event.data.doneAt, what: 'follow_up_done' }] };
        break;
      case 'InviteDeliveryAttempted': {
        const { round, channel, attempt, attemptedAt } = event.data;
        if (round !== doc.round) return doc;
        next = {
          ...doc,
          heldUntil: null,
          deliveries: {
            ...doc.deliveries,
            [channel]: { state: 'attempted', attempts: attempt, reason: null, at: attemptedAt },
          },
        };
        break;
      }
      case 'InviteDelivered':
      case 'InviteDeliveryFailed': {
        const { round, channel } = event.data;
        if (round !== doc.round) return doc;
        const delivered = event.type === 'InviteDelivered';
        const at = delivered ? event.data.deliveredAt : event.data.failedAt;
        const reason = delivered ? null : event.data.reason;
        const previous = doc.deliveries[channel];
        const providerId = delivered ? event.data.providerId : null;
        next = {
          ...doc,
          deliveries: {
            ...doc.deliveries,
            [channel]: { state: delivered ? 'delivered' : 'failed', attempts: previous?.attempts ?? 1, reason, at },
          },
          ...(providerId ? { providerIds: [...(doc.providerIds ?? []), providerId] } : {}),
          timeline: [
            ...doc.timeline,
            delivered ? { at, what: 'delivered', channel } : { at, what: 'failed', channel, reason: reason! },
          ],
        };
        break;
      }
      case 'InviteDeliveryReported': {
        // The handset's receipt: a message the provider accepted but could not deliver is a failed delivery.
        const { round, channel, status, errorCode, reportedAt } = event.data;
        const previous = doc.deliveries[channel];
        const reason =
          status === 'delivered'
            ? null
            : `the provider reports it ${status}${errorCode ? ` (error ${errorCode})` : ''}`;
        next = {
          ...doc,
          deliveries:
            round === doc.round && previous
              ? {
                  ...doc.deliveries,
                  [channel]: {
                    ...previous,
                    state: status === 'delivered' ? 'delivered' : 'failed',
                    reason,
                    at: reportedAt,
                  },
                }
              : doc.deliveries,
          timeline: [
            ...doc.timeline,
            { at: reportedAt, what: 'reported', channel, reason: reason ?? 'delivered to the phone' },
          ],
        };
        break;
      }
      case 'InviteOpened':
        next = {
          ...doc,
          openedAt: event.data.openedAt,
          timeline: [...doc.timeline, { at: event.data.openedAt, what: 'opened' }],
        };
        break;
      case 'InviteAccepted':
      case 'InviteAcceptedByLink':
        next = {
          ...doc,
          status: 'accepted',
          timeline: [
            ...doc.timeline,
            { at: event.data.acceptedAt, what: event.type === 'InviteAccepted' ? 'accepted' : 'accepted_by_link' },
          ],
        };
        break;
      case 'InviteRevoked':
        next = {
          ...doc,
          status: 'revoked',
          timeline: [...doc.timeline, { at: event.data.revokedAt, what: 'revoked' }],
        };
        break;
      case 'InviteExpired':
        next = {
          ...doc,
          status: 'expired',
          timeline: [...doc.timeline, { at: event.data.expiredAt, what: 'expired' }],
        };
        break;
      case 'PersonalDataErased':
        // The contact's details were erased with the contact: the invitation's facts stay, the number goes.
        next = { ...doc, phone: null };
        break;
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
    return { ...next, progress: progressOf(next) };
  },
};
