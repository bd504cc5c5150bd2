import type { Channel } from './invitation.events.js';
import { NoChannel } from './invitation.errors.js';

/** "At most 5 sends to one contact in 24 hours" (a send or a resend each counts). */
export const INVITE_CAP = { max: 5, windowHours: 24 } as const;
/** How long an invitation's link works when the practice has not set its own. */
export const INVITE_VALID_DAYS = 30;

/**
 * The default invitation: who it is from, what to do, what they get, and no
 * health information, short enough that with the link it fits one SMS segment
 * for a typical practice. The link (with its token) is always appended on its own line.
 */
export const DEFAULT_TEMPLATE = '{practice}: {sender} invites you to message us securely. Connect here:';

export function renderMessage(template: string, values: { practice: string; sender: string }): string {
  return template.replaceAll('{practice}', values.practice).replaceAll('{sender}', values.sender).trim();
}

/** The link goes where the template says {link}; otherwise on its own line at the end. */
export function messageWithLink(message: string, url: string): string {
  return message.includes('{link}') ? message.replaceAll('{link}', url) : `${message}\n${url}`;
}

/** Where an invitation can go: the contact's phone (E.164) and email as they are now. */
export interface Recipient {
  phone: string | null;
  email: string | null;
}

/**
 * "SMS goes out only when a phone number is given; email when an email is
 * given" — and never a text to a number that replied STOP to this practice.
 */
export function chooseChannels(recipient: Recipient, smsOptedOut: boolean, emailOptedOut = false): Channel[] {
  const channels: Channel[] = [
    ...(recipient.phone !== null && !smsOptedOut ? (['sms'] as const) : []),
    ...(recipient.email && !emailOptedOut ? (['email'] as const) : []),
  ];
  if (channels.length > 0) return channels;
  // Here every address given is opted out.
  if (recipient.phone !== null && recipient.email)
    throw new NoChannel(
      'The patient opted out of text messages (STOP) and of email (unsubscribed) from this practice: neither may be used.',
    );
  if (recipient.phone !== null)
    throw new NoChannel(
      'The patient opted out of text messages from this practice (replied STOP) and has no email: add an email, or ask them to reply START.',
    );
  if (recipient.email)
    throw new NoChannel(
      "The patient opted out of this practice's email (unsubscribed) and has no phone for texts: add a phone number.",
    );
  throw new NoChannel();
}

/** The words of an invitation: what staff typed, else the practice's template (or the default) filled in. */
export function invitationMessage(facts: {
  customMessage: string | null;
  template: string | null;
  practiceName: string;
  senderName: string;
}): string {
  return (
    facts.customMessage?.trim() ||
    renderMessage(facts.template ?? DEFAULT_TEMPLATE, { practice: facts.practiceName, sender: facts.senderName })
  );
}

/** The invitation's link works this many days from the send. */
export function expiryOf(at: string, days: number): string {
  return new Date(Date.parse(at) + days * 86_400_000).toISOString();
}
