import type { LinkOwner } from '@pi/domain';
import type { Page, ProjectionEngine } from '@pi/read-store';
import { staffNames } from '../staff-directory/staff-directory.query.js';
import { teamsProjection, type TeamDoc } from '../teams/teams.projection.js';
import { linksProjection, type LinkDoc } from './links.projection.js';
import { linkViewTotals, type LinkViewTotals } from '../link-views/link-views.query.js';

export interface LinkView extends Omit<LinkDoc, 'owner' | 'memberIds' | 'practiceId'> {
  owner: (LinkOwner & { name: string | null }) | null;
  members: { staffId: string; name: string | null }[];
}

/** Names of owners and members are read when asked, so renamed staff and teams show their new names at once. */
export async function toLinkViews(
  readModels: ProjectionEngine,
  practiceId: string,
  links: readonly LinkDoc[],
): Promise<LinkView[]> {
  const staffIds = new Set<string>();
  const teamIds = new Set<string>();
  for (const link of links) {
    for (const id of link.memberIds) staffIds.add(id);
    if (link.owner?.type === 'staff') staffIds.add(link.owner.id);
    if (link.owner?.type === 'team') teamIds.add(link.owner.id);
  }
  const people = await staffNames(readModels, practiceId, [...staffIds]);
  const { collection } = await readModels.collection(teamsProjection.name);
  const teams = await readModels.store.getMany<TeamDoc>(collection, [...teamIds]);
  return links.map(({ practiceId: _practiceId, memberIds, owner, ...link }) => ({
    ...link,
    owner: owner && {
      ...owner,
      name: owner.type === 'staff' ? (people.get(owner.id) ?? null) : (teams.get(owner.id)?.name ?? null),
    },
    members: memberIds.map((staffId) => ({ staffId, name: people.get(staffId) ?? null })),
  }));
}

export async function getLink(
  readModels: ProjectionEngine,
  practiceId: string,
  linkId: string,
): Promise<LinkDoc | null> {
  const doc = await readModels.get<LinkDoc>(linksProjection.name, linkId);
  return doc && doc.practiceId === practiceId ? doc : null;
}

export function listLinks(
  readModels: ProjectionEngine,
  practiceId: string,
  page: { limit: number; cursor?: string | null; includeArchived?: boolean },
): Promise<Page<LinkDoc>> {
  return readModels.find<LinkDoc>(linksProjection.name, {
    where: page.includeArchived ? { practiceId } : { practiceId, archived: false },
    sort: { field: 'createdAt', direction: 'asc' },
    limit: page.limit,
    cursor: page.cursor ?? null,
  });
}

/** The link a public URL names, in any practice; archived links do not resolve. */
export async function linkBySlug(readModels: ProjectionEngine, slug: string): Promise<LinkDoc | null> {
  const { items } = await readModels.find<LinkDoc>(linksProjection.name, {
    where: { slug, archived: false },
    limit: 1,
  });
  return items[0] ?? null;
}

/** A page of links with owner and member names, as `GET /v1/links` answers it. */
export async function listLinkViews(
  readModels: ProjectionEngine,
  practiceId: string,
  page: { limit: number; cursor?: string | null; includeArchived?: boolean },
): Promise<Page<LinkView>> {
  const found = await listLinks(readModels, practiceId, page);
  return { items: await toLinkViews(readModels, practiceId, found.items), nextCursor: found.nextCursor };
}

/** One link with names and its page-view totals, as `GET /v1/links/:id` answers it; null for another practice's. */
export async function linkDetails(
  readModels: ProjectionEngine,
  practiceId: string,
  linkId: string,
): Promise<(LinkView & { views: LinkViewTotals }) | null> {
  const doc = await getLink(readModels, practiceId, linkId);
  if (!doc) return null;
  const [view] = await toLinkViews(readModels, practiceId, [doc]);
  return { ...view, views: await linkViewTotals(readModels, linkId) };
}
