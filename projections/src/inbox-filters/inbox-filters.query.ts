import type { ProjectionEngine } from '@pi/read-store';
import { inboxFiltersProjection, type InboxFilterDoc } from './inbox-filters.projection.js';

/** A staff member's saved filters, by name (at most 50 each). */
export async function inboxFiltersOf(readModels: ProjectionEngine, staffId: string): Promise<InboxFilterDoc[]> {
  const page = await readModels.find<InboxFilterDoc>(inboxFiltersProjection.name, {
    where: { staffId },
    sort: { field: 'name', direction: 'asc' },
    limit: 100,
  });
  return page.items;
}

/** One saved filter, if it is this staff member's (anyone else's does not exist for them). */
export async function inboxFilterOf(
  readModels: ProjectionEngine,
  staffId: string,
  filterId: string,
): Promise<InboxFilterDoc | null> {
  const doc = await readModels.get<InboxFilterDoc>(inboxFiltersProjection.name, filterId);
  return doc && doc.staffId === staffId ? doc : null;
}
