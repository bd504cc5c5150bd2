import { DomainError } from '../shared/domain-error.js';

export class InvitationNotFound extends DomainError {
  readonly code = 'invitation-not-found';
  readonly kind = 'not_found';
  constructor(invitationId: string) {
    super(`No invitation ${invitationId} in this practice.`, { invitationId });
  }
}

export class InvitationAlreadySent extends DomainError {
  readonly code = 'invitation-already-sent';
  readonly kind = 'conflict';
  constructor(invitationId: string) {
    super(`Invitation ${invitationId} was already sent; resend it instead.`, { invitationId });
  }
}

/** "SMS goes out only when a phone number is given; email when an email is given." */
export class NoChannel extends DomainError {
  readonly code = 'no-channel';
  readonly kind = 'unprocessable';
  constructor(reason = 'The contact has no mobile phone that can receive texts and no email: add one to invite them.') {
    super(reason);
  }
}

export class InvitationRevoked extends DomainError {
  readonly code = 'invitation-revoked';
  readonly kind = 'conflict';
  constructor(invitationId: string) {
    super(`Invitation ${invitationId} was revoked; send a new invitation instead.`, { invitationId });
  }
}

/** A delivery outcome for a channel the processor never attempted in this round: a bug upstream, refused loudly. */
export class DeliveryNotAttempted extends DomainError {
  readonly code = 'delivery-not-attempted';
  readonly kind = 'conflict';
  constructor(channel: string, round: number) {
    super(`No delivery attempt on ${channel} in round ${round} to record an outcome for.`, { channel, round });
  }
}

/** Invitations carry a practice link; a practice without one is told to create it. */
export class NoPracticeLink extends DomainError {
  readonly code = 'no-practice-link';
  readonly kind = 'conflict';
  constructor() {
    super('This practice has no link to invite patients with yet: create one with POST /v1/links, then invite again.');
  }
}

/** The token is not the invitation's live one (resent since), or the invitation is no longer open. */
export class InvitationNotAcceptable extends DomainError {
  readonly code = 'invitation-not-acceptable';
  readonly kind = 'conflict';
  constructor(invitationId: string, reason: 'expired' | 'revoked' | 'replaced' | 'accepted_by_another') {
    super(`Invitation ${invitationId} cannot be accepted (${reason.replace(/_/g, ' ')}).`, { invitationId, reason });
  }
}

export class InvitationAccepted extends DomainError {
  readonly code = 'invitation-accepted';
  readonly kind = 'conflict';
  constructor(invitationId: string) {
    super(`Invitation ${invitationId} was accepted: the patient is connected, message them instead.`, { invitationId });
  }
}

/** No follow-up is open (or ever was) for this invitation: it did not expire after its reminders. */
export class FollowUpNotFound extends DomainError {
  readonly code = 'follow-up-not-found';
  readonly kind = 'not_found';
  constructor(invitationId: string) {
    super(`Invitation ${invitationId} has no follow-up: only invitations that expired after their reminders do.`, {
      invitationId,
    });
  }
}
