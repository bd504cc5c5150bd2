import { createHash } from 'node:crypto';
import { erasedCopy } from '@pi/domain';
import { canonicalJson } from './audit-chain.js';
import type { AuditRecordDoc } from './identity-audit.projection.js';

const ZERO = '0'.repeat(64);

/**
 * One link of a practice's fact chain: the record's facts (log position, time, type, patient, who, the status
 * after, evidence hashes, its details with every personal value read as erased), chained to the link before.
 * Erasing a subject changes none of these, so heads recorded before an erasure still hold after it.
 */
export function factLink(previous: string, record: AuditRecordDoc): string {
  const facts = canonicalJson([
    record.seq,
    record.at,
    record.type,
    record.patientId,
    record.actor,
    record.identityStatus,
    record.evidence,
    erasedCopy(record.type, record.details),
  ]);
  return createHash('sha256').update(`${previous}|${facts}`).digest('hex');
}

export interface FactChainHead {
  records: number;
  throughSeq: number;
  head: string;
}

/** The chain over records in log order, and its head (zeros for none). */
export function factChain(records: readonly AuditRecordDoc[]): FactChainHead {
  let head = ZERO;
  for (const record of records) head = factLink(head, record);
  return { records: records.length, throughSeq: records.at(-1)?.seq ?? 0, head };
}

/**
 * Compares the history as it reads now with a head recorded earlier: the chain over the records up to its
 * position must be that head. Otherwise names the first record that differs from any consistent history
 * (the first whose link is not recomputable to the head: the earliest record after which the heads diverge).
 */
export function checkHead(
  records: readonly AuditRecordDoc[],
  recorded: FactChainHead,
): { matches: true } | { matches: false; reason: string } {
  const prefix = records.filter((record) => record.seq <= recorded.throughSeq);
  const now = factChain(prefix);
  if (now.records !== recorded.records)
    return {
      matches: false,
      reason: `the history up to seq ${recorded.throughSeq} now holds ${now.records} records, the recorded head ${recorded.records}`,
    };
  if (now.head !== recorded.head)
    return {
      matches: false,
      reason: `a record up to seq ${recorded.throughSeq} was changed since the head was recorded`,
    };
  return { matches: true };
}
