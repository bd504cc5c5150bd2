import type { Decider, DomainEvent } from '../shared/decider.js';

/**
 * HIPAA 164.312(b): activity is recorded and reviewed — reading the identity
 * audit is itself activity. One stream per practice and UTC day keeps streams small.
 */
export type IdentityAuditRead = DomainEvent<
  'IdentityAuditRead',
  {
    practiceId: string;
    auditorId: string;
    patientId: string | null;
    period: { from: string; to: string } | null;
    format: 'json' | 'csv';
    records: number;
    readAt: string;
  }
>;
export const AUDIT_READ_EVENT_TYPES = ['IdentityAuditRead'] as const;

export type RecordAuditRead = { type: 'RecordAuditRead'; at: string } & Omit<IdentityAuditRead['data'], 'readAt'>;

/** Nothing to refuse: every read is recorded. */
export const auditReadDecider: Decider<RecordAuditRead, IdentityAuditRead, null> = {
  initialState: null,
  evolve: (state) => state,
  decide: ({ type: _type, at, ...data }) => [{ type: 'IdentityAuditRead', data: { ...data, readAt: at } }],
};
