import type { Page, ProjectionEngine } from '@pi/read-store';
import { staffNames } from '../staff-directory/staff-directory.query.js';
import { teamsProjection, type TeamDoc } from './teams.projection.js';

export interface TeamView {
  id: string;
  name: string;
  members: { staffId: string; name: string | null }[];
  createdAt: string;
  updatedAt: string;
}

/** Member names are read from the staff directory when asked, so a renamed staff member shows the new name at once. */
async function toViews(
  readModels: ProjectionEngine,
  practiceId: string,
  teams: readonly TeamDoc[],
): Promise<TeamView[]> {
  const names = await staffNames(readModels, practiceId, [...new Set(teams.flatMap((t) => t.memberIds))]);
  return teams.map((team) => ({
    id: team.id,
    name: team.name,
    members: team.memberIds.map((staffId) => ({ staffId, name: names.get(staffId) ?? null })),
    createdAt: team.createdAt,
    updatedAt: team.updatedAt,
  }));
}

export async function getTeam(
  readModels: ProjectionEngine,
  practiceId: string,
  teamId: string,
): Promise<TeamView | null> {
  const doc = await readModels.get<TeamDoc>(teamsProjection.name, teamId);
  if (!doc || doc.practiceId !== practiceId) return null;
  const [view] = await toViews(readModels, practiceId, [doc]);
  return view ?? null;
}

export async function listTeams(
  readModels: ProjectionEngine,
  practiceId: string,
  page: { limit: number; cursor?: string | null },
): Promise<Page<TeamView>> {
  const found = await readModels.find<TeamDoc>(teamsProjection.name, {
    where: { practiceId },
    sort: { field: 'name', direction: 'asc' },
    limit: page.limit,
    cursor: page.cursor ?? null,
  });
  return { items: await toViews(readModels, practiceId, found.items), nextCursor: found.nextCursor };
}
