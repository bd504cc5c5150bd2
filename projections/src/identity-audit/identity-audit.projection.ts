import { PATIENT_EVENT_TYPES, PHONE_CHANGE_EVENT_TYPES } from '@pi/domain';
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
}

export const identityAuditProjection: Projection<AuditRecordDoc, AuditedEvent> = {
  name: 'identity-audit',
  version: 1,
  indexes: [{ fields: ['scopes'], multikey: true }, { fields: ['seq'] }],
  eventTypes: [
    ...PATIENT_EVENT_TYPES,
    ...PHONE_CHANGE_EVENT_TYPES,
    'InviteAccepted',
    'ContactPaired',
    'ContactUpdated',
    'IdentityAuditRead',
  ],
  documentId: (event) => (auditScope(event) ? event.id : null),
  evolve(doc, event) {
    if (doc) return doc;
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
    };
  },
};
