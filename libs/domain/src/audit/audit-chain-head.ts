import type { Decider, DomainEvent } from '../shared/decider.js';

/**
 * The head of a practice's identity-audit chain, signed and recorded in the log (every day, and when an auditor
 * asks): a later rewrite of the audit's history contradicts a head recorded before it. The chain links the facts
 * of each record (who, what, when, status, evidence hashes, never the personal values), so an erasure leaves it whole.
 */
export type AuditChainHeadRecorded = DomainEvent<
  'AuditChainHeadRecorded',
  {
    practiceId: string;
    /** How many records the chain holds, and the log position of the last one. */
    records: number;
    throughSeq: number;
    /** sha256 hex of the last link. */
    head: string;
    /** The audit signing key's id, and its Ed25519 signature (base64url) of the head's message. */
    keyId: string;
    signature: string;
    recordedAt: string;
  }
>;

export type RecordAuditChainHead = { type: 'RecordAuditChainHead'; at: string } & Omit<
  AuditChainHeadRecorded['data'],
  'recordedAt'
>;

/** The last head recorded, so the same head is not recorded twice. */
export type AuditChainState = { throughSeq: number; head: string } | null;

export const auditChainDecider: Decider<RecordAuditChainHead, AuditChainHeadRecorded, AuditChainState> = {
  initialState: null,
  evolve: (_state, event) => ({ throughSeq: event.data.throughSeq, head: event.data.head }),
  decide: ({ type: _type, at, ...data }, state) =>
    state?.head === data.head && state.throughSeq === data.throughSeq
      ? []
      : [{ type: 'AuditChainHeadRecorded', data: { ...data, recordedAt: at } }],
};

/** What the signature covers. */
export function chainHeadMessage(practiceId: string, records: number, throughSeq: number, head: string): string {
  return `patient-invites identity audit head|${practiceId}|${records}|${throughSeq}|${head}`;
}
