import type { Page, ProjectionEngine, Where } from '@pi/read-store';
import { accessAuditProjection, type AccessAuditDoc } from './access-audit.projection.js';

export interface AccessAuditQuery {
  patientId?: string;
  staffId?: string;
  from: string;
  to: string;
  limit: number;
  cursor?: string | null;
}

/** A practice's reads of personal data in a period, oldest first, by patient and/or reader. */
export function accessAuditPage(
  readModels: ProjectionEngine,
  practiceId: string,
  query: AccessAuditQuery,
): Promise<Page<AccessAuditDoc>> {
  const where: Record<string, Where[string]> = { practiceId, at: { $gte: query.from, $lt: query.to } };
  if (query.staffId) where.readerId = query.staffId;
  if (query.patientId) where.patientIds = { $contains: query.patientId };
  return readModels.find<AccessAuditDoc>(accessAuditProjection.name, {
    where,
    sort: { field: 'at', direction: 'asc' },
    limit: query.limit,
    cursor: query.cursor ?? null,
  });
}
