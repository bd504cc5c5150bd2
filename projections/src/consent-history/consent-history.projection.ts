import {
  isErased,
  PERSONAL_DATA_ERASED,
  subjects as subjectOf,
  type EmailConsentEvent,
  type PersonalDataErased,
  type InviteDelivered,
  type PatientConnected,
  type SmsConsentEvent,
} from '@pi/domain';
import type { Projection, Recorded } from '@pi/read-store';
import { legacyPhoneHash } from './address-hash.js';

export type ConsentChannel = 'sms' | 'email';
/** How consent was given or taken back: the sign-up form, a reply (STOP, START), an email's unsubscribe, staff. */
export type ConsentVia = 'signup' | 'reply' | 'unsubscribe' | 'staff';

/** A message the practice sent to the address while it was opted out (the report proves there are none). */
export interface MessageAfter {
  at: string;
  invitationId: string;
}

export interface ConsentEntry {
  change: 'opt_in' | 'opt_out';
  at: string;
  via: ConsentVia;
  /** What the patient replied (STOP, UNSUBSCRIBE, START…), or STAFF for a revocation staff recorded. */
  keyword: string | null;
  /** The consent box's exact words, for a sign-up. */
  wording: string | null;
  /** Who recorded it: `public:patient`, a staff id, `system:…`. */
  recordedBy: string;
  /** On an opt-out: what was sent to the address after it, until it opted in again. */
  messagesAfter?: MessageAfter[];
  /** A sign-up's: the patient whose account gave it (an erasure of the patient takes the entry with it). */
  subject?: string;
}

/**
 * Every opt-in and opt-out of one address (a phone or an email) at one
 * practice, oldest first, with what was sent to it while opted out. The
 * address appears only as its keyed hash (the id), which the events carry
 * (the stream's name, the delivery, the connection): the read model never
 * hashes a value itself. It is looked up by hashing the one asked about.
 */
export interface ConsentHistoryDoc {
  id: string;
  practiceId: string;
  channel: ConsentChannel;
  addressHash: string;
  optedOut: boolean;
  /** Whether any opt-out was recorded (what the consent report reads). */
  revoked: boolean;
  entries: ConsentEntry[];
  /** The subjects whose personal data an entry was read from (sign-ups' patients). */
  subjects: string[];
}

type ConsentEvent = SmsConsentEvent | EmailConsentEvent | PatientConnected | InviteDelivered | PersonalDataErased;

/** A consent stream is named by the address's hash (`smsconsent-<practice>_<hash>`): the history's key, even once erased. */
const hashInStream = (streamId: string) => streamId.slice(streamId.indexOf('_') + 1);

export const consentHistoryId = (practiceId: string, channel: ConsentChannel, addressHash: string) =>
  `${practiceId}_${channel}_${addressHash}`;

/** The address an event concerns, hashed; null when it concerns none (or it was erased). */
function addressOf(
  event: Recorded<ConsentEvent>,
): { practiceId: string; channel: ConsentChannel; hash: string } | null {
  switch (event.type) {
    case 'SmsOptedOut':
    case 'SmsOptedIn':
      return { practiceId: event.data.practiceId, channel: 'sms', hash: hashInStream(event.streamId) };
    case 'EmailOptedOut':
      return { practiceId: event.data.practiceId, channel: 'email', hash: hashInStream(event.streamId) };
    case 'PatientConnected': {
      const phone = event.data.account.phone;
      return !phone || isErased(phone)
        ? null
        : { practiceId: event.data.practiceId, channel: 'sms', hash: event.data.phoneHash ?? legacyPhoneHash(phone) };
    }
    case 'InviteDelivered':
      return event.data.addressHash
        ? { practiceId: event.metadata.practiceId, channel: event.data.channel, hash: event.data.addressHash }
        : null;
    default:
      return null;
  }
}

function entryOf(event: Recorded<ConsentEvent>): ConsentEntry | null {
  const recordedBy = event.metadata.actor;
  switch (event.type) {
    case 'SmsOptedOut': {
      const via = event.data.via ?? 'reply';
      const base = { change: 'opt_out', at: event.data.optedOutAt, via, keyword: event.data.keyword, wording: null };
      return { ...base, recordedBy, messagesAfter: [] } as ConsentEntry;
    }
    case 'SmsOptedIn':
      return {
        change: 'opt_in',
        at: event.data.optedInAt,
        via: 'reply',
        keyword: event.data.keyword,
        wording: null,
        recordedBy,
      };
    case 'EmailOptedOut':
      return {
        change: 'opt_out',
        at: event.data.optedOutAt,
        via: event.data.via,
        keyword: event.data.via === 'staff' ? 'STAFF' : 'UNSUBSCRIBE',
        wording: null,
        recordedBy,
        messagesAfter: [],
      };
    case 'PatientConnected':
      return {
        change: 'opt_in',
        at: event.data.connectedAt,
        via: 'signup',
        keyword: null,
        wording: event.data.smsConsentWording,
        recordedBy,
        subject: subjectOf.patient(event.data.patientId),
      };
    default:
      return null;
  }
}

export const consentHistoryProjection: Projection<ConsentHistoryDoc, ConsentEvent> = {
  name: 'consent-history',
  version: 1,
  indexes: [{ fields: ['practiceId', 'revoked'] }, { fields: ['subjects'], multikey: true }],
  eventTypes: [
    'SmsOptedOut',
    'SmsOptedIn',
    'EmailOptedOut',
    'PatientConnected',
    'InviteDelivered',
    PERSONAL_DATA_ERASED,
  ],
  documentId: (event) => {
    const address = addressOf(event);
    return address && consentHistoryId(address.practiceId, address.channel, address.hash);
  },
  // An erased patient's sign-up is known only by its phone: the entry goes with the patient (as a rebuild would).
  documentsWhere: (event) =>
    event.type === PERSONAL_DATA_ERASED
      ? { anyOf: event.data.subjects.map((subject) => ({ subjects: { $contains: subject } })) }
      : null,
  evolve(doc, event) {
    if (event.type === PERSONAL_DATA_ERASED) {
      if (!doc) return doc;
      const erased = new Set(event.data.subjects);
      const entries = doc.entries.filter((entry) => !entry.subject || !erased.has(entry.subject));
      if (entries.length === 0) return null;
      return { ...doc, entries, subjects: doc.subjects.filter((s) => !erased.has(s)) };
    }
    const address = addressOf(event)!;
    if (event.type === 'InviteDelivered') {
      // Only a message sent while opted out is kept: the report's evidence (there should be none).
      if (!doc || !doc.optedOut) return doc;
      const last = doc.entries.at(-1)!;
      const message = { at: event.data.deliveredAt, invitationId: event.data.invitationId };
      return {
        ...doc,
        entries: [...doc.entries.slice(0, -1), { ...last, messagesAfter: [...(last.messagesAfter ?? []), message] }],
      };
    }
    const entry = entryOf(event)!;
    const current: ConsentHistoryDoc = doc ?? {
      id: consentHistoryId(address.practiceId, address.channel, address.hash),
      practiceId: address.practiceId,
      channel: address.channel,
      addressHash: address.hash,
      optedOut: false,
      revoked: false,
      entries: [],
      subjects: [],
    };
    // A sign-up's consent is recorded; a STOP stays in force until START (the consent stream's rule).
    const optedOut = entry.via === 'signup' ? current.optedOut : entry.change === 'opt_out';
    return {
      ...current,
      optedOut,
      revoked: current.revoked || entry.change === 'opt_out',
      entries: [...current.entries, entry],
      subjects:
        entry.subject && !current.subjects.includes(entry.subject)
          ? [...current.subjects, entry.subject]
          : current.subjects,
    };
  },
};
