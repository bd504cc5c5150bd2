import type { ProjectionEngine } from '@pi/read-store';
import { linkFunnelProjection, type LinkFunnelDoc } from './link-funnel.projection.js';

/** What a link's detail and the links list show: people's views (automated ones left out) and what followed. */
export interface LinkFunnel {
  views: number;
  signupsStarted: number;
  verified: number;
  connected: number;
}

function funnelOf(doc: LinkFunnelDoc | null | undefined): LinkFunnel {
  if (!doc) return { views: 0, signupsStarted: 0, verified: 0, connected: 0 };
  const { views, signupsStarted, verified, connected } = doc;
  return { views, signupsStarted, verified, connected };
}

/** The live funnels of links, by link id (zeros for a link nothing has happened to yet). */
export async function linkFunnels(
  readModels: ProjectionEngine,
  linkIds: readonly string[],
): Promise<Map<string, LinkFunnel>> {
  const { collection } = await readModels.collection(linkFunnelProjection.name);
  const docs = await readModels.store.getMany<LinkFunnelDoc>(collection, [...linkIds]);
  return new Map(linkIds.map((id) => [id, funnelOf(docs.get(id))]));
}
