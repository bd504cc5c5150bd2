import type { Decider } from '../shared/decider.js';
import type {
  AcceptInvite,
  CloseOnConnection,
  InvitationCommand,
  OpenInvite,
  RecordDelivered,
  RecordDeliveryAttempt,
  RecordDeliveryFailure,
  RecordDeliveryReport,
  ResendInvite,
  RevokeInvite,
  SendInvite,
  SendReminder,
  StopReminders,
  MarkFollowUpDone,
  ChannelConsent,
} from './invitation.commands.js';
import {
  DeliveryNotAttempted,
  FollowUpNotFound,
  InvitationAccepted,
  InvitationAlreadySent,
  InvitationNotAcceptable,
  InvitationNotFound,
  InvitationRevoked,
} from './invitation.errors.js';
import { chooseChannels, expiryOf, invitationMessage } from './invite-policy.js';
import type { Channel, FollowUpPlan, InvitationEvent } from './invitation.events.js';
import { holdUntil, remindersDue } from './reminder-schedule.js';
import { evolveInvitation, initialInvitationState, type InvitationState } from './invitation.state.js';

type Known = Exclude<InvitationState, { status: 'none' }>;

function known(state: InvitationState, command: { invitationId: string; practiceId: string }): Known {
  if (state.status === 'none' || state.practiceId !== command.practiceId)
    throw new InvitationNotFound(command.invitationId);
  return state;
}

/** This very send (its token) is already recorded: a retried request, or the completion of an interrupted one. */
const alreadyRecorded = (c: { tokenHash: string }, state: InvitationState) =>
  state.status !== 'none' && state.sentTokens.includes(c.tokenHash);

function send(c: SendInvite, state: InvitationState): InvitationEvent[] {
  if (alreadyRecorded(c, state)) return [];
  if (state.status !== 'none') throw new InvitationAlreadySent(c.invitationId);
  const { invitationId, practiceId, contactId, linkId, linkUrl, practiceName, tokenHash, sealedToken, at } = c;
  return [
    {
      type: 'InviteSent',
      data: {
        invitationId,
        practiceId,
        contactId,
        linkId,
        channels: chooseChannels(c.recipient, c.smsOptedOut, c.emailOptedOut),
        to: c.recipient,
        message: invitationMessage(c),
        linkUrl,
        practiceName,
        tokenHash,
        sealedToken,
        sentAt: at,
        expiresAt: expiryOf(at, c.expiryDays),
        ...planOf(c),
      },
    },
  ];
}

/** When the send's reminders are due and, for a bulk send outside the sending window, when it may go. */
function planOf(c: SendInvite | ResendInvite): FollowUpPlan {
  if (!c.plan) return {};
  const held = holdUntil(c.at, c.plan);
  // Reminders count from when the messages go.
  const from = held ?? c.at;
  return { remindAt: remindersDue(from, expiryOf(c.at, c.expiryDays), c.plan), ...(held ? { holdUntil: held } : {}) };
}

/** "A resend restarts the window": new token, new expiry; the old token stops working. */
function resend(c: ResendInvite, state: InvitationState): InvitationEvent[] {
  const invitation = known(state, c);
  if (alreadyRecorded(c, state)) return [];
  // An interrupted resend finished after a newer send: sending it now would bring an older token back. It stays undone.
  if (c.at < invitation.lastSentAt) return [];
  if (invitation.status === 'revoked') throw new InvitationRevoked(c.invitationId);
  if (invitation.status === 'accepted') throw new InvitationAccepted(c.invitationId);
  const { tokenHash, sealedToken, at } = c;
  return [
    {
      type: 'InviteResent',
      data: {
        invitationId: c.invitationId,
        round: invitation.round + 1,
        channels: chooseChannels(c.recipient, c.smsOptedOut, c.emailOptedOut),
        to: c.recipient,
        tokenHash,
        sealedToken,
        sentAt: at,
        expiresAt: expiryOf(at, c.expiryDays),
        ...planOf(c),
      },
    },
  ];
}

function revoke(c: RevokeInvite, state: InvitationState): InvitationEvent[] {
  const invitation = known(state, c);
  if (invitation.status === 'revoked' || invitation.status === 'accepted') return [];
  return [{ type: 'InviteRevoked', data: { invitationId: c.invitationId, revokedAt: c.at } }];
}

/** Expired after reminders that went unanswered: handed to staff to follow up. */
function expire(
  c: { invitationId: string; practiceId: string; at: string },
  state: InvitationState,
): InvitationEvent[] {
  const invitation = known(state, c);
  if (invitation.status !== 'pending' || c.at < invitation.expiresAt) return [];
  const expired: InvitationEvent = { type: 'InviteExpired', data: { invitationId: c.invitationId, expiredAt: c.at } };
  if (invitation.remindersSent === 0) return [expired];
  const { practiceId, contactId, remindersSent: reminders } = invitation;
  return [
    expired,
    {
      type: 'InviteHandedOff',
      data: { invitationId: c.invitationId, practiceId, contactId, reminders, handedOffAt: c.at },
    },
  ];
}

/** The channels of the live send the practice may still use: none opted out since. */
export function reminderChannels(state: InvitationState, consent: ChannelConsent): Channel[] {
  if (state.status === 'none') return [];
  return state.channels.filter((channel) =>
    channel === 'sms'
      ? state.to.phone !== null && !consent.smsOptedOut
      : state.to.email !== null && !consent.emailOptedOut,
  );
}

/** The reminder this invitation is waiting for now, if any (1-based), and when it is due. */
export function reminderDue(state: InvitationState): { reminder: number; dueAt: string } | null {
  if (state.status !== 'pending' || state.remindersStopped) return null;
  const dueAt = state.remindAt[state.remindersSent];
  return dueAt === undefined ? null : { reminder: state.remindersSent + 1, dueAt };
}

/**
 * The same link again, on the channels still allowed, once it is due: never
 * after acceptance, revoke, expiry or a stop, never twice (the command names
 * which reminder it is). No channel left: the reminders stop.
 */
function remind(c: SendReminder, state: InvitationState): InvitationEvent[] {
  const invitation = known(state, c);
  const due = reminderDue(invitation);
  if (!due || due.reminder !== c.reminder || c.at < due.dueAt || c.at >= invitation.expiresAt) return [];
  const channels = reminderChannels(invitation, c);
  if (channels.length === 0)
    return [
      { type: 'InviteRemindersStopped', data: { invitationId: c.invitationId, reason: 'opted_out', stoppedAt: c.at } },
    ];
  return [
    {
      type: 'InviteReminderSent',
      data: { invitationId: c.invitationId, reminder: c.reminder, round: invitation.round + 1, channels, sentAt: c.at },
    },
  ];
}

function stopReminders(c: StopReminders, state: InvitationState): InvitationEvent[] {
  const invitation = known(state, c);
  if (!reminderDue(invitation)) return [];
  return [
    { type: 'InviteRemindersStopped', data: { invitationId: c.invitationId, reason: c.reason, stoppedAt: c.at } },
  ];
}

/** Done once; a follow-up already closed (done, or re-invited) stays closed. */
function followUpDone(c: MarkFollowUpDone, state: InvitationState): InvitationEvent[] {
  const invitation = known(state, c);
  if (invitation.followUp === 'none') throw new FollowUpNotFound(c.invitationId);
  if (invitation.followUp !== 'open') return [];
  return [{ type: 'InviteFollowUpDone', data: { invitationId: c.invitationId, doneAt: c.at } }];
}

/** Only the first real open of a live token counts; an old or wrong token opens nothing. */
function open(c: OpenInvite, state: InvitationState): InvitationEvent[] {
  const invitation = known(state, c);
  if (
    invitation.status !== 'pending' ||
    invitation.opened ||
    c.tokenHash !== invitation.tokenHash ||
    c.at >= invitation.expiresAt
  )
    return [];
  return [{ type: 'InviteOpened', data: { invitationId: c.invitationId, openedAt: c.at } }];
}

/**
 * Accepted once, with the live token, before it expires. The same patient
 * accepting again (a retried signup) changes nothing.
 */
function accept(c: AcceptInvite, state: InvitationState): InvitationEvent[] {
  const invitation = known(state, c);
  if (invitation.status === 'accepted') {
    if (invitation.acceptedBy === c.patientId) return [];
    throw new InvitationNotAcceptable(c.invitationId, 'accepted_by_another');
  }
  if (invitation.status === 'revoked') throw new InvitationNotAcceptable(c.invitationId, 'revoked');
  if (invitation.status === 'expired' || c.at >= invitation.expiresAt)
    throw new InvitationNotAcceptable(c.invitationId, 'expired');
  if (c.tokenHash !== invitation.tokenHash) throw new InvitationNotAcceptable(c.invitationId, 'replaced');
  return [
    {
      type: 'InviteAccepted',
      data: {
        invitationId: c.invitationId,
        practiceId: invitation.practiceId,
        contactId: invitation.contactId,
        patientId: c.patientId,
        provenBy: c.provenBy,
        acceptedAt: c.at,
      },
    },
  ];
}

/**
 * Connected by another path while pending: closed as accepted through that link. An invitation
 * already closed (accepted, revoked, expired or past its expiry) stays as it is.
 */
function closeOnConnection(c: CloseOnConnection, state: InvitationState): InvitationEvent[] {
  const invitation = known(state, c);
  if (invitation.status !== 'pending' || c.at >= invitation.expiresAt) return [];
  return [
    {
      type: 'InviteAcceptedByLink',
      data: {
        invitationId: c.invitationId,
        practiceId: invitation.practiceId,
        contactId: invitation.contactId,
        patientId: c.patientId,
        linkId: c.linkId,
        acceptedAt: c.at,
      },
    },
  ];
}

function attempt(c: RecordDeliveryAttempt, state: InvitationState): InvitationEvent[] {
  const invitation = known(state, c);
  const delivery = invitation.deliveries[c.channel];
  // Stale work (a later round exists), closed invitations and finished deliveries are not sent (again).
  if (
    invitation.status !== 'pending' ||
    c.round !== invitation.round ||
    !delivery ||
    delivery.state === 'delivered' ||
    delivery.state === 'failed'
  )
    return [];
  return [
    {
      type: 'InviteDeliveryAttempted',
      data: {
        invitationId: c.invitationId,
        round: c.round,
        channel: c.channel,
        attempt: delivery.attempts + 1,
        sendKey: c.sendKey,
        attemptedAt: c.at,
      },
    },
  ];
}

function outcome(c: RecordDelivered | RecordDeliveryFailure, state: InvitationState): InvitationEvent[] {
  const invitation = known(state, c);
  const delivery = invitation.deliveries[c.channel];
  if (c.round !== invitation.round) return [];
  // Nothing is delivered without an attempt; a message never sent (opted out since) may still fail.
  if (!delivery || (delivery.state === 'queued' && c.type === 'RecordDelivered'))
    throw new DeliveryNotAttempted(c.channel, c.round);
  if (delivery.state === 'delivered' || delivery.state === 'failed') return [];
  return c.type === 'RecordDelivered'
    ? [
        {
          type: 'InviteDelivered',
          data: {
            invitationId: c.invitationId,
            round: c.round,
            channel: c.channel,
            providerId: c.providerId,
            ...(c.addressHash ? { addressHash: c.addressHash } : {}),
            deliveredAt: c.at,
          },
        },
      ]
    : [
        {
          type: 'InviteDeliveryFailed',
          data: {
            invitationId: c.invitationId,
            round: c.round,
            channel: c.channel,
            reason: c.reason,
            code: c.code,
            failedAt: c.at,
          },
        },
      ];
}

/**
 * The provider's status callback: recorded for a message of this invitation
 * when it says something new; an unknown message or a replayed callback
 * records nothing.
 */
function report(c: RecordDeliveryReport, state: InvitationState): InvitationEvent[] {
  const invitation = known(state, c);
  const message = invitation.providerMessages[c.providerId];
  if (!message || message.report === c.status) return [];
  return [
    {
      type: 'InviteDeliveryReported',
      data: {
        invitationId: c.invitationId,
        contactId: invitation.contactId,
        round: message.round,
        channel: message.channel,
        providerId: c.providerId,
        status: c.status,
        errorCode: c.errorCode,
        reportedAt: c.at,
      },
    },
  ];
}

export function decideInvitation(command: InvitationCommand, state: InvitationState): InvitationEvent[] {
  switch (command.type) {
    case 'SendInvite':
      return send(command, state);
    case 'ResendInvite':
      return resend(command, state);
    case 'RevokeInvite':
      return revoke(command, state);
    case 'ExpireInvite':
      return expire(command, state);
    case 'OpenInvite':
      return open(command, state);
    case 'AcceptInvite':
      return accept(command, state);
    case 'CloseOnConnection':
      return closeOnConnection(command, state);
    case 'RecordDeliveryAttempt':
      return attempt(command, state);
    case 'RecordDelivered':
    case 'RecordDeliveryFailure':
      return outcome(command, state);
    case 'RecordDeliveryReport':
      return report(command, state);
    case 'SendReminder':
      return remind(command, state);
    case 'StopReminders':
      return stopReminders(command, state);
    case 'MarkFollowUpDone':
      return followUpDone(command, state);
  }
}

export const invitationDecider: Decider<InvitationCommand, InvitationEvent, InvitationState> = {
  decide: decideInvitation,
  evolve: evolveInvitation,
  initialState: initialInvitationState,
};
