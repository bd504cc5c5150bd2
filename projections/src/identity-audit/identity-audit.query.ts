import type { Page, ProjectionEngine, Where } from '@pi/read-store';
import { identityAuditProjection, type AuditRecordDoc } from './identity-audit.projection.js';

const PAGE = 1000;

async function all(readModels: ProjectionEngine, where: Where): Promise<AuditRecordDoc[]> {
  const records: AuditRecordDoc[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<AuditRecordDoc> = await readModels.find<AuditRecordDoc>(identityAuditProjection.name, {
      where,
      sort: { field: 'seq', direction: 'asc' },
      limit: PAGE,
      cursor,
    });
    records.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return records;
}

async function edge(readModels: ProjectionEngine, where: Where, direction: 'asc' | 'desc'): Promise<number | null> {
  const { items } = await readModels.find<AuditRecordDoc>(identityAuditProjection.name, {
    where,
    sort: { field: 'seq', direction },
    limit: 1,
  });
  return items[0]?.seq ?? null;
}

/** Everything about one patient that this practice's auditors may see, in log order. */
export function patientAuditHistory(
  readModels: ProjectionEngine,
  practiceId: string,
  patientId: string,
): Promise<AuditRecordDoc[]> {
  return all(readModels, { scopes: { $contains: `${practiceId}|${patientId}` } });
}

/**
 * A practice's records recorded in [from, to), in log order. The window is cut
 * by log order (first record at or after `from` to the last before `to`), so a
 * clock step between two appends never leaves a hole in the chain.
 */
export async function auditPeriod(
  readModels: ProjectionEngine,
  practiceId: string,
  from: string,
  to: string,
): Promise<AuditRecordDoc[]> {
  const scope = { scopes: { $contains: practiceId } };
  const first = await edge(readModels, { ...scope, at: { $gte: from } }, 'asc');
  const last = await edge(readModels, { ...scope, at: { $lt: to } }, 'desc');
  if (first === null || last === null || last < first) return [];
  return all(readModels, { ...scope, seq: { $gte: first, $lte: last } });
}

/** Every record this practice's auditors see, in log order (the fact chain's input). */
export function practiceAuditRecords(readModels: ProjectionEngine, practiceId: string): Promise<AuditRecordDoc[]> {
  return all(readModels, { scopes: { $contains: practiceId } });
}
