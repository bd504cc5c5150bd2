import type { ProjectionEngine } from '@pi/read-store';
import {
  unfinishedVerificationsProjection,
  type UnfinishedVerificationDoc,
} from './unfinished-verifications.projection.js';

/** Verifications started before `before` whose data is still kept, oldest first. */
export async function verificationsStartedBefore(
  readModels: ProjectionEngine,
  before: string,
  limit: number,
): Promise<UnfinishedVerificationDoc[]> {
  const { items } = await readModels.find<UnfinishedVerificationDoc>(unfinishedVerificationsProjection.name, {
    where: { startedAt: { $lt: before } },
    sort: { field: 'startedAt', direction: 'asc' },
    limit,
  });
  return items;
}
