import type { PendingSend } from '../invitations/pending-send.js';
import type { DomainEvent } from '../shared/decider.js';
import type { Phone } from '../shared/phone.js';
import type { PersonalDataErased } from '../privacy/personal-data-erased.js';

export const CONTACT_SOURCES = ['manual', 'import', 'link'] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

export type ContactCreated = DomainEvent<
  'ContactCreated',
  {
    contactId: string;
    practiceId: string;
    name: string;
    phone: Phone | null;
    email: string | null;
    tags: string[];
    source: ContactSource;
    createdAt: string;
  }
>;
/** Only the fields that changed; null clears phone or email. */
export type ContactUpdated = DomainEvent<
  'ContactUpdated',
  {
    contactId: string;
    changes: { name?: string; phone?: Phone | null; email?: string | null };
    updatedAt: string;
    /** Set once the contact is paired with a patient: the auditors' history shows edits of the practice's records. */
    pairedWith?: { practiceId: string; patientId: string };
  }
>;
export type ContactTagged = DomainEvent<'ContactTagged', { contactId: string; tag: string; taggedAt: string }>;
export type ContactUntagged = DomainEvent<'ContactUntagged', { contactId: string; tag: string; untaggedAt: string }>;

/**
 * An invitation (or a resend) went to this contact. Kept on the contact's stream so the
 * per-contact resend cap is checked and recorded in one atomic append.
 */
/** `send` (since the nothing-lost release): the invitation command to finish if the invitation's stream never got it. */
export type ContactInvited = DomainEvent<
  'ContactInvited',
  { contactId: string; invitationId: string; invitedAt: string; sendId?: string; send?: PendingSend }
>;

/**
 * The practice's record of a person is paired with a patient account (signup through an invitation or a link).
 * From then on staff message the person instead of inviting them again.
 */
export type ContactPaired = DomainEvent<
  'ContactPaired',
  { contactId: string; practiceId: string; patientId: string; pairedAt: string }
>;

export type ContactEvent =
  | ContactCreated
  | ContactUpdated
  | ContactTagged
  | ContactUntagged
  | ContactInvited
  | ContactPaired
  | PersonalDataErased;

export const CONTACT_EVENT_TYPES = [
  'ContactCreated',
  'ContactUpdated',
  'ContactTagged',
  'ContactUntagged',
  'ContactInvited',
  'ContactPaired',
  'PersonalDataErased',
] as const satisfies readonly ContactEvent['type'][];
