import type { Page, ProjectionEngine } from '@pi/read-store';
import { staffDirectoryProjection, type StaffDoc } from './staff-directory.projection.js';

/** One staff member of the practice; null when absent or of another practice. */
export async function getStaffMember(
  readModels: ProjectionEngine,
  practiceId: string,
  staffId: string,
): Promise<StaffDoc | null> {
  const doc = await readModels.get<StaffDoc>(staffDirectoryProjection.name, staffId);
  return doc && doc.practiceId === practiceId ? doc : null;
}

export function listStaff(
  readModels: ProjectionEngine,
  practiceId: string,
  page: { limit: number; cursor?: string | null },
): Promise<Page<StaffDoc>> {
  return readModels.find<StaffDoc>(staffDirectoryProjection.name, {
    where: { practiceId },
    sort: { field: 'name', direction: 'asc' },
    limit: page.limit,
    cursor: page.cursor ?? null,
  });
}

/** Names of the given staff members of the practice, for showing who is in a team or owns a link. */
export async function staffNames(
  readModels: ProjectionEngine,
  practiceId: string,
  staffIds: readonly string[],
): Promise<Map<string, string>> {
  const { collection } = await readModels.collection(staffDirectoryProjection.name);
  const docs = await readModels.store.getMany<StaffDoc>(collection, staffIds);
  const names = new Map<string, string>();
  for (const [id, doc] of docs) if (doc.practiceId === practiceId) names.set(id, doc.name);
  return names;
}
