import type { ProjectionEngine } from '@pi/read-store';
import { practiceProfileProjection, type PracticeProfileDoc } from './practice-profile.projection.js';

export function getPracticeProfile(
  readModels: ProjectionEngine,
  practiceId: string,
): Promise<PracticeProfileDoc | null> {
  return readModels.get<PracticeProfileDoc>(practiceProfileProjection.name, practiceId);
}
