import type { Channel, DeliveryFailureCode, DeliveryReport, ReminderStop, TokenRecord } from './invitation.events.js';
import type { Recipient } from './invite-policy.js';
import type { ReminderPlan } from './reminder-schedule.js';

interface OnInvitation {
  invitationId: string;
  practiceId: string;
  at: string;
}

/**
 * The facts a send is decided on; the decider chooses the channels, words the
 * message and sets the expiry (invite-policy.ts).
 */
interface SendFacts extends TokenRecord {
  /** The contact's phone and email as they are now. */
  recipient: Recipient;
  /** The number replied STOP to this practice. */
  smsOptedOut: boolean;
  /** The address unsubscribed from this practice's email (absent on sends recorded before email consent). */
  emailOptedOut?: boolean;
  /** Days the link works (the practice's setting). */
  expiryDays: number;
  /** The practice's reminders and sending window (absent on sends recorded before reminders: none). */
  plan?: ReminderPlan;
}

export interface SendInvite extends OnInvitation, SendFacts {
  type: 'SendInvite';
  contactId: string;
  linkId: string;
  /** The link's public URL, without the token. */
  linkUrl: string;
  practiceName: string;
  /** Who sends it, as the message names them. */
  senderName: string;
  /** What staff typed, or null for the practice's template. */
  customMessage: string | null;
  /** The practice's template, or null for the default. */
  template: string | null;
}

/** "A resend restarts the window": new token, new expiry, the contact's current phone and email. */
export interface ResendInvite extends OnInvitation, SendFacts {
  type: 'ResendInvite';
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
/** The contact connected through a link: a pending invitation of theirs is closed as accepted that way. */
export interface CloseOnConnection extends OnInvitation {
  type: 'CloseOnConnection';
  patientId: string;
  linkId: string;
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
  /** The hash of the address it went to (consent-report matching). */
  addressHash?: string;
}
/** The provider's status callback for a message it accepted, found by the provider's id for it. */
export interface RecordDeliveryReport extends OnInvitation {
  type: 'RecordDeliveryReport';
  providerId: string;
  status: DeliveryReport;
  errorCode: string | null;
}

export interface RecordDeliveryFailure extends OnInvitation {
  type: 'RecordDeliveryFailure';
  round: number;
  channel: Channel;
  reason: string;
  code: DeliveryFailureCode;
}

/** Which channels the practice may still use for this invitation's address(es), read when the reminder is due. */
export interface ChannelConsent {
  smsOptedOut: boolean;
  emailOptedOut: boolean;
}
/** The `reminder`-th reminder since the last send, when it is due. */
export interface SendReminder extends OnInvitation, ChannelConsent {
  type: 'SendReminder';
  reminder: number;
}
/** The contact's cap was reached or the patient connected some other way: no more reminders for this send. */
export interface StopReminders extends OnInvitation {
  type: 'StopReminders';
  reason: ReminderStop;
}
export interface MarkFollowUpDone extends OnInvitation {
  type: 'MarkFollowUpDone';
}

export type InvitationCommand =
  | SendInvite
  | ResendInvite
  | RevokeInvite
  | ExpireInvite
  | OpenInvite
  | AcceptInvite
  | CloseOnConnection
  | RecordDeliveryAttempt
  | RecordDelivered
  | RecordDeliveryFailure
  | RecordDeliveryReport
  | SendReminder
  | StopReminders
  | MarkFollowUpDone;
