import { AccessState, type AccessChange } from '@pi/domain';
import type { ProjectionEngine } from '@pi/read-store';
import { accessHistoryProjection, type AccessHistoryDoc } from './access-history.projection.js';

/** Every access change of the practice (its links, teams and staff), in the order they were recorded per subject. */
export async function accessHistory(readModels: ProjectionEngine, practiceId: string): Promise<AccessChange[]> {
  const changes: AccessChange[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: AccessHistoryDoc[]; nextCursor: string | null } = await readModels.find<AccessHistoryDoc>(
      accessHistoryProjection.name,
      {
        where: { practiceId },
        limit: 500,
        cursor,
      },
    );
    for (const doc of page.items) changes.push(...doc.changes);
    cursor = page.nextCursor;
  } while (cursor);
  return changes;
}

/** Who may read which conversations in the practice now. */
export async function accessNow(readModels: ProjectionEngine, practiceId: string): Promise<AccessState> {
  return AccessState.fold(await accessHistory(readModels, practiceId));
}
