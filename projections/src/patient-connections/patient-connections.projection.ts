import {
  compareIdentity,
  ERASED,
  isErased,
  PATIENT_EVENT_TYPES,
  type ConnectionVia,
  type ContactMatch,
  type IdentityChecks,
  type IdentityStatus,
  type PatientEvent,
  type PersonDetails,
  subjects,
} from '@pi/domain';
import type { Projection } from '@pi/read-store';

/** One identity decision's facts (who, when, how, what it left); its note is kept apart, as personal data. */
export interface IdentityDecisionEntry {
  what: 'verified' | 'mismatch_flagged' | 'mismatch_resolved';
  by: string;
  at: string;
  method?: string;
  differs?: string[];
  status: IdentityStatus;
}

/** One patient's pairing with one practice: what staff see on the contact card and the conversation. */
export interface PatientConnectionDoc {
  /** `<practiceId>:<patientId>` */
  id: string;
  practiceId: string;
  patientId: string;
  contactId: string;
  conversationId: string;
  via: ConnectionVia;
  linkId: string;
  invitationId: string | null;
  contactMatch: ContactMatch;
  provenBy: 'phone' | 'email' | null;
  /** The phone and email the patient uses for their account (staff edits of the contact never change them). */
  account: PersonDetails;
  record: PersonDetails | null;
  checks: IdentityChecks;
  identityStatus: IdentityStatus;
  decisions: IdentityDecisionEntry[];
  /** Each decision's note, in the order of `decisions`: staff's free text about the patient, sealed with their values. */
  decisionNotes: string[];
  connectedAt: string;
  updatedAt: string;
  /** The patient's personal data was erased. */
  erased?: boolean;
}

const person = (prefix: string) => [`${prefix}.name`, `${prefix}.phone`, `${prefix}.email`];

export const connectionId = (practiceId: string, patientId: string) => `${practiceId}:${patientId}`;

export const patientConnectionsProjection: Projection<PatientConnectionDoc, PatientEvent> = {
  name: 'patient-connections',
  version: 3,
  sealed: {
    groups: [
      {
        subject: (doc) => subjects.patient(doc.patientId),
        paths: [...person('account'), ...person('record'), 'decisionNotes'],
      },
    ],
  },
  indexes: [{ fields: ['contactId'] }, { fields: ['patientId'] }, { fields: ['practiceId', 'connectedAt'] }],
  eventTypes: PATIENT_EVENT_TYPES.filter(
    (t) => t !== 'PatientAccountCreated' && t !== 'LinkClaimed' && t !== 'PatientSignedOut',
  ),
  documentId(event) {
    if (event.type === 'PersonalDataErased')
      return event.data.kind === 'patient'
        ? (event.data.practiceIds ?? []).map((p) => connectionId(p, event.data.id))
        : null;
    if (event.type === 'PatientPhoneChanged')
      return event.data.practiceIds.map((p) => connectionId(p, event.data.patientId));
    if (event.type === 'PatientAccountCreated' || event.type === 'LinkClaimed' || event.type === 'PatientSignedOut')
      return null;
    return connectionId(event.data.practiceId, event.data.patientId);
  },
  evolve(doc, event) {
    if (event.type === 'PatientConnected') {
      const d = event.data;
      return {
        id: connectionId(d.practiceId, d.patientId),
        practiceId: d.practiceId,
        patientId: d.patientId,
        contactId: d.contactId,
        conversationId: d.conversationId,
        via: d.via,
        linkId: d.linkId,
        invitationId: d.invitationId,
        contactMatch: d.contactMatch,
        provenBy: d.provenBy,
        account: d.account,
        record: d.record,
        checks: d.checks,
        identityStatus: d.identityStatus,
        decisions: [],
        decisionNotes: [],
        connectedAt: d.connectedAt,
        updatedAt: d.connectedAt,
      };
    }
    if (!doc) return null;
    switch (event.type) {
      case 'IdentityVerified':
      case 'IdentityMismatchFlagged':
      case 'IdentityMismatchResolved': {
        const d = event.data;
        const entry: IdentityDecisionEntry =
          event.type === 'IdentityVerified'
            ? {
                what: 'verified',
                by: d.by,
                at: event.data.verifiedAt,
                method: event.data.method,
                status: d.status,
              }
            : event.type === 'IdentityMismatchFlagged'
              ? {
                  what: 'mismatch_flagged',
                  by: d.by,
                  at: event.data.flaggedAt,
                  differs: event.data.differs,
                  status: d.status,
                }
              : { what: 'mismatch_resolved', by: d.by, at: event.data.resolvedAt, status: d.status };
        return {
          ...doc,
          identityStatus: d.status,
          decisions: [...doc.decisions, entry],
          decisionNotes: [...doc.decisionNotes, d.note],
          updatedAt: entry.at,
        };
      }
      case 'PatientPhoneChanged': {
        const account = { ...doc.account, phone: event.data.phone };
        // The checks as decided then (recorded since erasure); an older event's are worked out again, unless erased.
        const checks =
          event.data.checks?.[doc.practiceId] ??
          (isErased(event.data.phone) ? doc.checks : compareIdentity(account, doc.record));
        return { ...doc, account, checks, updatedAt: event.data.changedAt };
      }
      case 'PersonalDataErased': {
        // The pairing's facts stay (how, when, what matched, every decision and by whom); the person's values go.
        const person = (details: PersonDetails | null): PersonDetails | null =>
          details && {
            name: ERASED,
            phone: details.phone === null ? null : ERASED,
            email: details.email === null ? null : ERASED,
          };
        return {
          ...doc,
          account: person(doc.account)!,
          record: person(doc.record),
          decisionNotes: doc.decisionNotes.map((note) => (note ? ERASED : note)),
          erased: true,
          updatedAt: event.data.erasedAt,
        };
      }
      default:
        return doc;
    }
  },
};
