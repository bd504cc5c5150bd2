import type { Page, ProjectionEngine } from '@pi/read-store';
import { identityAuditProjection, type AuditRecordDoc } from './identity-audit.projection.js';

const PAGE = 1000;

async function all(readModels: ProjectionEngine, scope: string, keep: (doc: AuditRecordDoc) => boolean = () => true): Promise<AuditRecordDoc[]> {
  const records: AuditRecordDoc[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<AuditRecordDoc> = await readModels.find<AuditRecordDoc>(identityAuditProjection.name, { where: { scopes: { $contains: scope } }, sort: { field: 'seq', direction: 'asc' }, limit: PAGE, cursor });
    records.push(...page.items.filter(keep));
    cursor = page.nextCursor;
  } while (cursor);
  return records;
}

/** Everything about one patient that this practice's auditors may see, in log order. */
export function patientAuditHistory(readModels: ProjectionEngine, practiceId: string, patientId: string): Promise<AuditRecordDoc[]> {
  return all(readModels, `${practiceId}|${patientId}`);
}

/**
 * A practice's records recorded in [from, to), in log order. The window is cut
 * by log order (first record at or after `from` to the last before `to`), so a
 * clock step between two appends never leaves a hole in the chain.
 */
export async function auditPeriod(readModels: ProjectionEngine, practiceId: string, from: string, to: string): Promise<AuditRecordDoc[]> {
  const records = await all(readModels, practiceId);
  const first = records.findIndex((r) => r.at >= from);
  if (first === -1) return [];
  let last = records.length - 1;
  while (last >= first && records[last]!.at >= to) last--;
  return records.slice(first, last + 1);
}
