import type { DomainEvent } from '../shared/decider.js';

export const CHANNELS = ['sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * The token travels as `?i=` on the link URL. Events keep only its hash (to
 * recognise it) and a sealed copy (encrypted with a server key, so delivery can
 * build the URL without the log holding a usable token).
 */
export interface TokenRecord {
  tokenHash: string;
  sealedToken: string;
}

export type InviteSent = DomainEvent<
  'InviteSent',
  TokenRecord & {
    invitationId: string;
    practiceId: string;
    contactId: string;
    linkId: string;
    channels: Channel[];
    to: { phone: string | null; email: string | null };
    /** The practice's words; the link (with the token) is appended when it is sent. */
    message: string;
    /** The link's public URL, without the token. */
    linkUrl: string;
    /** Shown as the sender of an email. */
    practiceName: string;
    sentAt: string;
    expiresAt: string;
  } & FollowUpPlan
>;
export type InviteResent = DomainEvent<
  'InviteResent',
  TokenRecord & {
    invitationId: string;
    round: number;
    channels: Channel[];
    to: { phone: string | null; email: string | null };
    sentAt: string;
    expiresAt: string;
  } & FollowUpPlan
>;

/**
 * What a send planned (since the reminders release; older sends have neither):
 * when its reminders are due, and, for a bulk send outside the practice's
 * sending window, when its messages may go.
 */
export interface FollowUpPlan {
  remindAt?: string[];
  holdUntil?: string;
}

/**
 * The same link (the live token) again, on the channels that still may be
 * used. A reminder is a delivery round of its own (its messages are attempted
 * and recorded like a send's), counted toward the contact's cap.
 */
export type InviteReminderSent = DomainEvent<
  'InviteReminderSent',
  {
    invitationId: string;
    /** 1 for the first reminder after the last send. */
    reminder: number;
    round: number;
    channels: Channel[];
    sentAt: string;
  }
>;
/** Why the remaining reminders of a send will not go. */
export const REMINDER_STOPS = ['opted_out', 'capped', 'connected', 'contact_removed'] as const;
export type ReminderStop = (typeof REMINDER_STOPS)[number];
export type InviteRemindersStopped = DomainEvent<
  'InviteRemindersStopped',
  { invitationId: string; reason: ReminderStop; stoppedAt: string }
>;
/** The invitation expired after its reminders went unanswered: staff follow up. */
export type InviteHandedOff = DomainEvent<
  'InviteHandedOff',
  { invitationId: string; practiceId: string; contactId: string; reminders: number; handedOffAt: string }
>;
/** Staff marked the follow-up done (a re-invite closes it too: the resend). */
export type InviteFollowUpDone = DomainEvent<'InviteFollowUpDone', { invitationId: string; doneAt: string }>;
/** Written before a message is handed to a provider: after a crash, an attempt without an outcome is never sent again. */
export type InviteDeliveryAttempted = DomainEvent<
  'InviteDeliveryAttempted',
  { invitationId: string; round: number; channel: Channel; attempt: number; sendKey: string; attemptedAt: string }
>;
export type InviteDelivered = DomainEvent<
  'InviteDelivered',
  {
    invitationId: string;
    round: number;
    channel: Channel;
    providerId: string | null;
    /** The address's hash (since the consent release): what the consent report matches messages by. */
    addressHash?: string;
    deliveredAt: string;
  }
>;
/**
 * Why a message was not delivered, as a code analysts can count (the reason is
 * for people). Events written before the code existed have none: see `failureCodeOf`.
 */
export const DELIVERY_FAILURE_CODES = ['provider', 'opted_out', 'erased', 'interrupted'] as const;
export type DeliveryFailureCode = (typeof DELIVERY_FAILURE_CODES)[number];

export type InviteDeliveryFailed = DomainEvent<
  'InviteDeliveryFailed',
  {
    invitationId: string;
    round: number;
    channel: Channel;
    reason: string;
    code?: DeliveryFailureCode;
    failedAt: string;
  }
>;

/** The failure's code; for events older than the code, read from the reason the delivery wrote. */
export function failureCodeOf(data: InviteDeliveryFailed['data']): DeliveryFailureCode {
  if (data.code) return data.code;
  if (data.reason.includes('opted out')) return 'opted_out';
  if (data.reason.includes('contact was erased')) return 'erased';
  if (data.reason.startsWith('interrupted')) return 'interrupted';
  return 'provider';
}
/**
 * The provider's final word on a message it accepted (its signed status
 * callback): it reached the phone, or it did not, with the provider's error
 * code. Queued, sending and sent are not final and are not recorded.
 */
export const DELIVERY_REPORTS = ['delivered', 'undelivered', 'failed'] as const;
export type DeliveryReport = (typeof DELIVERY_REPORTS)[number];
export type InviteDeliveryReported = DomainEvent<
  'InviteDeliveryReported',
  {
    invitationId: string;
    contactId: string;
    round: number;
    channel: Channel;
    providerId: string;
    status: DeliveryReport;
    errorCode: string | null;
    reportedAt: string;
  }
>;

export type InviteOpened = DomainEvent<'InviteOpened', { invitationId: string; openedAt: string }>;
/** The patient signed up with this invitation's live token and proved the phone (by code) or email the practice gave. */
export type InviteAccepted = DomainEvent<
  'InviteAccepted',
  {
    invitationId: string;
    practiceId: string;
    contactId: string;
    patientId: string;
    provenBy: 'phone' | 'email';
    acceptedAt: string;
  }
>;
/**
 * The contact connected by another path (a practice link, its QR code) while this invitation was pending:
 * it is closed as accepted, through that link, so no list, count or reminder treats it as still open.
 */
export type InviteAcceptedByLink = DomainEvent<
  'InviteAcceptedByLink',
  { invitationId: string; practiceId: string; contactId: string; patientId: string; linkId: string; acceptedAt: string }
>;
export type InviteRevoked = DomainEvent<'InviteRevoked', { invitationId: string; revokedAt: string }>;
export type InviteExpired = DomainEvent<'InviteExpired', { invitationId: string; expiredAt: string }>;

export type InvitationEvent =
  | InviteSent
  | InviteResent
  | InviteDeliveryAttempted
  | InviteDelivered
  | InviteDeliveryFailed
  | InviteDeliveryReported
  | InviteOpened
  | InviteAccepted
  | InviteAcceptedByLink
  | InviteRevoked
  | InviteExpired
  | InviteReminderSent
  | InviteRemindersStopped
  | InviteHandedOff
  | InviteFollowUpDone;

export const INVITATION_EVENT_TYPES = [
  'InviteSent',
  'InviteResent',
  'InviteDeliveryAttempted',
  'InviteDelivered',
  'InviteDeliveryFailed',
  'InviteDeliveryReported',
  'InviteOpened',
  'InviteAccepted',
  'InviteAcceptedByLink',
  'InviteRevoked',
  'InviteExpired',
  'InviteReminderSent',
  'InviteRemindersStopped',
  'InviteHandedOff',
  'InviteFollowUpDone',
] as const satisfies readonly InvitationEvent['type'][];
