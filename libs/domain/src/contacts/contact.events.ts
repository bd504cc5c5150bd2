import type { DomainEvent } from '../shared/decider.js';
import type { Phone } from '../shared/phone.js';

export const CONTACT_SOURCES = ['manual', 'import', 'link'] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

export type ContactCreated = DomainEvent<
  'ContactCreated',
  { contactId: string; practiceId: string; name: string; phone: Phone | null; email: string | null; tags: string[]; source: ContactSource; createdAt: string }
>;
/** Only the fields that changed; null clears phone or email. */
export type ContactUpdated = DomainEvent<
  'ContactUpdated',
  { contactId: string; changes: { name?: string; phone?: Phone | null; email?: string | null }; updatedAt: string }
>;
export type ContactTagged = DomainEvent<'ContactTagged', { contactId: string; tag: string; taggedAt: string }>;
export type ContactUntagged = DomainEvent<'ContactUntagged', { contactId: string; tag: string; untaggedAt: string }>;

export type ContactEvent = ContactCreated | ContactUpdated | ContactTagged | ContactUntagged;

export const CONTACT_EVENT_TYPES = ['ContactCreated', 'ContactUpdated', 'ContactTagged', 'ContactUntagged'] as const satisfies readonly ContactEvent['type'][];
