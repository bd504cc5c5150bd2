import type { PendingSend } from '../invitations/pending-send.js';
import type { ContactSource } from './contact.events.js';
import type { ErasureReason } from '../privacy/personal-data-erased.js';

interface OnContact {
  contactId: string;
  practiceId: string;
  at: string;
}

/** Phones arrive as typed and are read against the practice's country. */
export interface CreateContact extends OnContact {
  type: 'CreateContact';
  name: string;
  phone: string | null;
  email: string | null;
  tags: string[];
  source: ContactSource;
  defaultCountry: string;
  /** Invite New Patient: the contact and its first send are recorded together, in one append. */
  invite?: Pick<InviteContact, 'invitationId' | 'sendId' | 'cap' | 'send'>;
}

export interface UpdateContact extends OnContact {
  type: 'UpdateContact';
  name?: string;
  phone?: string | null;
  email?: string | null;
  defaultCountry: string;
}

export interface TagContact extends OnContact {
  type: 'TagContact';
  tag: string;
}

export interface UntagContact extends OnContact {
  type: 'UntagContact';
  tag: string;
}

/**
 * Counts an invitation or a resend against the contact's cap (default 5 per
 * 24 h), and records the send itself: the invitation's stream is written next,
 * and if that write never happens (a crash), the send is finished from here.
 */
export interface InviteContact extends OnContact {
  type: 'InviteContact';
  invitationId: string;
  /** Names this send; the same id again (a retried request) records nothing. */
  sendId: string;
  cap: { max: number; windowHours: number };
  send: PendingSend;
}

/** Pairs the contact with the patient who proved (or, through a link, matched) its details. */
export interface PairContact extends OnContact {
  type: 'PairContact';
  patientId: string;
}

/**
 * Erases the contact's personal data (crypto-shredding: its data key and its invitations' are destroyed).
 * A contact paired with a patient is erased with the patient's account (`withAccount`), never alone.
 */
export interface EraseContact extends OnContact {
  type: 'EraseContact';
  by: string;
  reason: ErasureReason;
  reference: string | null;
  withAccount?: boolean;
}

export type ContactCommand =
  CreateContact | UpdateContact | TagContact | UntagContact | InviteContact | PairContact | EraseContact;
