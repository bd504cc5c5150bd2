import {
  CONTACT_EVENT_TYPES,
  ERASED,
  type ContactEvent,
  type ContactSource,
  type InviteDeliveryReported,
  type InviteSent,
  type Phone,
  subjects,
} from '@pi/domain';
import type { Projection } from '@pi/read-store';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { emailKey, foldText, searchKeys } from './search-keys.js';

export type ContactStatus = 'not_invited' | 'invited' | 'connected';

export interface ContactDoc {
  id: string;
  practiceId: string;
  name: string;
  /** Folded name, for sorting and matching. */
  nameKey: string;
  /** E.164 */
  phone: string | null;
  phoneAsTyped: string | null;
  phoneExtension: string | null;
  email: string | null;
  /** Trimmed, domain lower-cased: how emails are matched. */
  emailKey: string | null;
  tags: string[];
  tagKeys: string[];
  source: ContactSource;
  status: ContactStatus;
  /** The patient account paired with this contact, once connected. */
  patientId: string | null;
  searchKeys: string[];
  createdAt: string;
  updatedAt: string;
  /** Its personal data was erased (name, phone and email read as erased; the rest stays). */
  erased?: boolean;
  /** The SMS provider reported the last text to this phone undelivered (cleared by a delivery or a new phone). */
  smsUndelivered?: { errorCode: string | null; at: string } | null;
}

function withKeys(doc: Omit<ContactDoc, 'searchKeys' | 'nameKey' | 'emailKey' | 'tagKeys'>): ContactDoc {
  const nationalPhone = doc.phone ? (parsePhoneNumberFromString(doc.phone)?.nationalNumber ?? null) : null;
  return {
    ...doc,
    nameKey: foldText(doc.name),
    emailKey: emailKey(doc.email),
    tagKeys: doc.tags.map(foldText),
    searchKeys: searchKeys(doc.practiceId, { name: doc.name, phone: doc.phone, nationalPhone }),
  };
}

function phoneFields(phone: Phone | null) {
  return { phone: phone?.e164 ?? null, phoneAsTyped: phone?.asTyped ?? null, phoneExtension: phone?.extension ?? null };
}

/**
 * A contact is "invited" once an invitation to it exists (`InviteSent`), not
 * when its cap counted a send: a send cut short between the two streams never
 * shows a contact as invited with no invitation (v4).
 */
export const contactsProjection: Projection<ContactDoc, ContactEvent | InviteSent | InviteDeliveryReported> = {
  name: 'contacts',
  /** 6: the SMS provider's undelivered reports. */
  version: 7,
  indexes: [
    { fields: ['practiceId', 'nameKey'] },
    { fields: ['practiceId', 'phone'] },
    { fields: ['practiceId', 'emailKey'] },
    { fields: ['searchKeys'], multikey: true },
    { fields: ['tagKeys'], multikey: true },
  ],
  sealed: {
    groups: [
      {
        subject: (doc) => subjects.contact(doc.id),
        paths: ['name', 'nameKey', 'phone', 'phoneAsTyped', 'phoneExtension', 'email', 'emailKey', 'searchKeys'],
      },
    ],
    blind: { phone: 'exact', emailKey: 'exact', searchKeys: 'prefix' },
    sortable: ['nameKey'],
  },
  eventTypes: [
    ...CONTACT_EVENT_TYPES.filter((type) => type !== 'ContactInvited'),
    'InviteSent',
    'InviteDeliveryReported',
  ],
  documentId: (event) =>
    event.type === 'PersonalDataErased' ? (event.data.kind === 'contact' ? event.data.id : null) : event.data.contactId,
  evolve(doc, event) {
    if (event.type === 'ContactCreated') {
      const { contactId, practiceId, name, phone, email, tags, source, createdAt } = event.data;
      return withKeys({
        id: contactId,
        practiceId,
        name,
        ...phoneFields(phone),
        email,
        tags,
        source,
        status: 'not_invited',
        patientId: null,
        createdAt,
        updatedAt: createdAt,
      });
    }
    if (!doc) return null;
    switch (event.type) {
      case 'ContactUpdated': {
        const { name, phone, email } = event.data.changes;
        return withKeys({
          ...doc,
          ...(name !== undefined ? { name } : {}),
          ...(phone !== undefined ? { ...phoneFields(phone), smsUndelivered: null } : {}),
          ...(email !== undefined ? { email } : {}),
          updatedAt: event.data.updatedAt,
        });
      }
      case 'InviteDeliveryReported': {
        const { channel, status, errorCode, reportedAt } = event.data;
        if (channel !== 'sms') return doc;
        return { ...doc, smsUndelivered: status === 'delivered' ? null : { errorCode, at: reportedAt } };
      }
      case 'ContactTagged':
        return withKeys({ ...doc, tags: [...doc.tags, event.data.tag], updatedAt: event.data.taggedAt });
      case 'ContactUntagged':
        return withKeys({
          ...doc,
          tags: doc.tags.filter((t) => t !== event.data.tag),
          updatedAt: event.data.untaggedAt,
        });
      case 'ContactInvited': // not subscribed: counts against the cap only
        return doc;
      case 'InviteSent':
        return { ...doc, status: doc.status === 'connected' ? 'connected' : 'invited', updatedAt: event.data.sentAt };
      case 'ContactPaired':
        return { ...doc, status: 'connected', patientId: event.data.patientId, updatedAt: event.data.pairedAt };
      case 'PersonalDataErased':
        // The fact stays (its status, tags, source and times: the funnels still add up); the person goes.
        return {
          ...withKeys({
            ...doc,
            name: ERASED,
            ...phoneFields(null),
            email: null,
            updatedAt: event.data.erasedAt,
          }),
          nameKey: '',
          searchKeys: [],
          erased: true,
        };
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
};
