import type { Decider } from '../shared/decider.js';
import type {
  AcceptInvite,
  InvitationCommand,
  OpenInvite,
  RecordDelivered,
  RecordDeliveryAttempt,
  RecordDeliveryFailure,
  RecordDeliveryReport,
  ResendInvite,
  RevokeInvite,
  SendInvite,
} from './invitation.commands.js';
import {
  DeliveryNotAttempted,
  InvitationAccepted,
  InvitationAlreadySent,
  InvitationNotAcceptable,
  InvitationNotFound,
  InvitationRevoked,
} from './invitation.errors.js';
import { chooseChannels, expiryOf, invitationMessage } from './invite-policy.js';
import type { InvitationEvent } from './invitation.events.js';
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
        channels: chooseChannels(c.recipient, c.smsOptedOut),
        to: c.recipient,
        message: invitationMessage(c),
        linkUrl,
        practiceName,
        tokenHash,
        sealedToken,
        sentAt: at,
        expiresAt: expiryOf(at, c.expiryDays),
      },
    },
  ];
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
        channels: chooseChannels(c.recipient, c.smsOptedOut),
        to: c.recipient,
        tokenHash,
        sealedToken,
        sentAt: at,
        expiresAt: expiryOf(at, c.expiryDays),
      },
    },
  ];
}

function revoke(c: RevokeInvite, state: InvitationState): InvitationEvent[] {
  const invitation = known(state, c);
  if (invitation.status === 'revoked' || invitation.status === 'accepted') return [];
  return [{ type: 'InviteRevoked', data: { invitationId: c.invitationId, revokedAt: c.at } }];
}

function expire(
  c: { invitationId: string; practiceId: string; at: string },
  state: InvitationState,
): InvitationEvent[] {
  const invitation = known(state, c);
  if (invitation.status !== 'pending' || c.at < invitation.expiresAt) return [];
  return [{ type: 'InviteExpired', data: { invitationId: c.invitationId, expiredAt: c.at } }];
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
    case 'RecordDeliveryAttempt':
      return attempt(command, state);
    case 'RecordDelivered':
    case 'RecordDeliveryFailure':
      return outcome(command, state);
    case 'RecordDeliveryReport':
      return report(command, state);
  }
}

export const invitationDecider: Decider<InvitationCommand, InvitationEvent, InvitationState> = {
  decide: decideInvitation,
  evolve: evolveInvitation,
  initialState: initialInvitationState,
};
