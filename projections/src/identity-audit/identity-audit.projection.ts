import { erasedCopy, holdsPersonalValues, PATIENT_EVENT_TYPES, PHONE_CHANGE_EVENT_TYPES, subjectOf } from '@pi/domain';
import type { Projection } from '@pi/read-store';
import { auditScope, statusAfter, summarize, type AuditedEvent } from './audit-record.js';

/**
 * One record per event that pairs a patient with a practice, decides about
 * their identity or changes their contact details (and every audit read).
 * Records are never rewritten: the history reads as it stood at each time.
 */
export interface AuditRecordDoc {
  /** The event's id. */
  id: string;
  /** The event's position in the log: the history's order. */
  seq: number;
  /** `<practiceId>` and `<practiceId>|<patientId>` for each practice whose auditors see the record. */
  scopes: string[];
  practiceIds: string[];
  patientId: string | null;
  at: string;
  type: string;
  /** Who: the staff member, auditor, patient or system that caused it. */
  actor: string;
  summary: string;
  /** The identity status the event left the connection in, when it decides one. */
  identityStatus: string | null;
  /** Hashes of evidence files (never the files). */
  evidence: { sha256: string; size: number }[];
  details: Record<string, unknown>;
  /** Whose personal values the record holds (what an erasure finds it by). */
  subjects: string[];
}

export const identityAuditProjection: Projection<AuditRecordDoc, AuditedEvent> = {
  name: 'identity-audit',
  version: 3,
  sealed: { groups: [{ subject: (doc) => doc.subjects[0] ?? null, paths: ['details', 'summary'] }] },
  indexes: [{ fields: ['scopes'], multikey: true }, { fields: ['seq'] }, { fields: ['subjects'], multikey: true }],
  eventTypes: [
    ...PATIENT_EVENT_TYPES.filter((t) => t !== 'PatientSignedOut'),
    ...PHONE_CHANGE_EVENT_TYPES,
    'InviteAccepted',
    'ContactPaired',
    'ContactUpdated',
    'IdentityAuditRead',
  ],
  documentId: (event) => (auditScope(event) ? event.id : null),
  // An erasure reaches every record that holds the erased subjects' values.
  documentsWhere: (event) =>
    event.type === 'PersonalDataErased'
      ? { anyOf: event.data.subjects.map((subject) => ({ subjects: { $contains: subject } })) }
      : null,
  evolve(doc, event) {
    if (doc) {
      // Records are never rewritten, except to let go of the values of a subject erased since.
      if (event.type !== 'PersonalDataErased' || doc.id === event.id) return doc;
      const details = erasedCopy(doc.type, doc.details);
      return {
        ...doc,
        summary: summarize({ type: doc.type, data: details } as unknown as AuditedEvent),
        details,
        subjects: [],
      };
    }
    const scope = auditScope(event)!;
    const evidence =
      event.type === 'PhoneChangeRequested'
        ? [{ sha256: event.data.evidence.sha256, size: event.data.evidence.size }]
        : [];
    return {
      id: event.id,
      seq: Number(event.position),
      scopes: scope.practiceIds.flatMap((p) => (scope.patientId ? [p, `${p}|${scope.patientId}`] : [p])),
      practiceIds: scope.practiceIds,
      patientId: scope.patientId,
      at: event.recordedAt,
      type: event.type,
      actor: String(event.metadata.actor ?? 'system'),
      summary: summarize(event),
      identityStatus: statusAfter(event),
      evidence,
      details: event.data as unknown as Record<string, unknown>,
      // Read after its subject's erasure (a rebuild), the event holds no value of it any more.
      subjects: holdsPersonalValues(event.type, event.data)
        ? [subjectOf(event.type, event.data, event.streamId)].filter((s): s is string => s !== null)
        : [],
    };
  },
};
