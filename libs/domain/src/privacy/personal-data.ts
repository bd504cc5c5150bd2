import { ERASED } from './erased.js';
import { PERSONAL_DATA_ERASED } from './personal-data-erased.js';
import { subjects } from './subjects.js';

/** A phone as a contact keeps it: every part of it is personal (an extension may be null). */
const phoneParts = (prefix: string) => [`${prefix}.e164`, `${prefix}.extension`, `${prefix}.asTyped`];
const person = (prefix: string) => [`${prefix}.name`, `${prefix}.phone`, `${prefix}.email`];

type Entry = { subject(data: never, streamId: string): string; paths: readonly string[] };
const entry = <D>(subject: (data: D, streamId: string) => string, paths: readonly string[]): Entry => ({
  subject,
  paths,
});

type WithContact = { contactId: string };
type WithInvitation = { invitationId: string };
type WithPatient = { patientId: string };
type WithVerification = { verificationId: string };
type WithConversation = { conversationId: string };

const byContact = (d: WithContact) => subjects.contact(d.contactId);
const byInvitation = (d: WithInvitation) => subjects.invitation(d.invitationId);
const byPatient = (d: WithPatient) => subjects.patient(d.patientId);
const byVerification = (d: WithVerification) => subjects.verification(d.verificationId);

/**
 * Every personal value the log records, by event type, and whose it is: the
 * protected event store seals these with the subject's data key. Names,
 * phones, emails, what patients and staff wrote about a person; never ids,
 * types, times, channels, statuses or counts. Staff and operators' own names
 * and emails are the practice's directory and stay readable (docs/privacy.md).
 * A test checks that a full flow leaves none of these values readable in the log.
 */
export const personalData = {
  fields: {
    ContactCreated: entry(byContact, ['name', ...phoneParts('phone'), 'email']),
    ContactUpdated: entry(byContact, ['changes.name', ...phoneParts('changes.phone'), 'changes.email']),
    ContactInvited: entry(byContact, ['send.recipient.phone', 'send.recipient.email', 'send.customMessage']),
    InviteSent: entry(byInvitation, ['to.phone', 'to.email', 'message']),
    InviteResent: entry(byInvitation, ['to.phone', 'to.email']),
    PatientAccountCreated: entry(byPatient, ['name', 'phone', 'email']),
    PatientConnected: entry(byPatient, [...person('account'), ...person('record')]),
    IdentityVerified: entry(byPatient, ['note']),
    IdentityMismatchFlagged: entry(byPatient, ['note']),
    IdentityMismatchResolved: entry(byPatient, ['note']),
    PatientPhoneChanged: entry(byPatient, ['previousPhone', 'phone']),
    PhoneChangeRequested: entry(byPatient, ['name', 'newPhone']),
    PhoneChangeApproved: entry(byPatient, ['reason']),
    PhoneChangeRejected: entry(byPatient, ['reason']),
    VerificationCodeSent: entry(byVerification, ['phone', 'purpose.name', 'purpose.email']),
    PhoneVerified: entry(byVerification, ['phone', 'purpose.name', 'purpose.email']),
    SmsOptedOut: entry((_: unknown, streamId) => subjects.smsConsent(streamId), ['phone', 'note']),
    EmailOptedOut: entry((_: unknown, streamId) => subjects.emailConsent(streamId), ['email', 'note']),
    SmsOptedIn: entry((_: unknown, streamId) => subjects.smsConsent(streamId), ['phone']),
    MessagePosted: entry((d: WithConversation) => subjects.conversation(d.conversationId), ['text']),
  } satisfies Record<string, Entry>,
  erasure: {
    type: PERSONAL_DATA_ERASED,
    subjects: ((data: { subjects: string[] }) => data.subjects) as (data: never) => readonly string[],
  },
  erasedValue: ERASED,
} as const;

/** The subject whose values an event of this type holds, or null when it holds none. */
export function subjectOf(type: string, data: unknown, streamId: string): string | null {
  const fields = (personalData.fields as Record<string, Entry>)[type];
  return fields ? fields.subject(data as never, streamId) : null;
}

/**
 * A copy of an event's data with every personal value (that is present) read as erased: what a read model that
 * kept a copy of the event holds once its subject is erased, exactly what a rebuild from the log would give.
 */
export function erasedCopy<D>(type: string, data: D): D {
  const fields = (personalData.fields as Record<string, Entry>)[type];
  if (!fields || data === null || typeof data !== 'object') return data;
  const copy = structuredClone(data) as Record<string, unknown>;
  for (const path of fields.paths) {
    const parts = path.split('.');
    let parent: Record<string, unknown> | null = copy;
    for (const part of parts.slice(0, -1)) {
      const next: unknown = parent?.[part];
      parent = next !== null && typeof next === 'object' ? (next as Record<string, unknown>) : null;
    }
    const last = parts.at(-1)!;
    if (parent && parent[last] !== undefined && parent[last] !== null) parent[last] = ERASED;
  }
  return copy as D;
}

/** Whether an event still holds a personal value (one present and not read as erased). */
export function holdsPersonalValues(type: string, data: unknown): boolean {
  const fields = (personalData.fields as Record<string, Entry>)[type];
  if (!fields) return false;
  return fields.paths.some((path) => {
    let value: unknown = data;
    for (const part of path.split('.'))
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    return value !== undefined && value !== null && value !== ERASED;
  });
}
