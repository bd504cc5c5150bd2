import type { Channel, InviteSent, TokenRecord } from './invitation.events.js';

interface OnInvitation {
  invitationId: string;
  practiceId: string;
  at: string;
}

/** Everything the invitation records when it is sent (`channels`: SMS only with a phone that has not opted out). */
export interface SendInvite extends OnInvitation, Omit<InviteSent['data'], 'sentAt'> {
  type: 'SendInvite';
}
export interface ResendInvite extends OnInvitation, TokenRecord {
  type: 'ResendInvite';
  channels: Channel[];
  /** The contact's current phone and email. */
  to: { phone: string | null; email: string | null };
  expiresAt: string;
}
export interface RevokeInvite extends OnInvitation {
  type: 'RevokeInvite';
}
export interface ExpireInvite extends OnInvitation {
  type: 'ExpireInvite';
}
export interface OpenInvite extends OnInvitation {
  type: 'OpenInvite';
  tokenHash: string;
}
export interface AcceptInvite extends OnInvitation {
  type: 'AcceptInvite';
  tokenHash: string;
  patientId: string;
  provenBy: 'phone' | 'email';
}
export interface RecordDeliveryAttempt extends OnInvitation {
  type: 'RecordDeliveryAttempt';
  round: number;
  channel: Channel;
  sendKey: string;
}
export interface RecordDelivered extends OnInvitation {
  type: 'RecordDelivered';
  round: number;
  channel: Channel;
  providerId: string | null;
}
export interface RecordDeliveryFailure extends OnInvitation {
  type: 'RecordDeliveryFailure';
  round: number;
  channel: Channel;
  reason: string;
}

export type InvitationCommand =
  | SendInvite
  | ResendInvite
  | RevokeInvite
  | ExpireInvite
  | OpenInvite
  | AcceptInvite
  | RecordDeliveryAttempt
  | RecordDelivered
  | RecordDeliveryFailure;
