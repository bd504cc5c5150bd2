import type { Projection } from '@pi/read-store';
import { LINK_FUNNEL_EVENT_TYPES, linkStageOf, type LinkFunnelEvent } from './link-stage.js';

/** A link's funnel, live: what its detail and the links list show. */
export interface LinkFunnelDoc {
  id: string;
  linkId: string;
  practiceId: string;
  views: number;
  automatedViews: number;
  signupsStarted: number;
  verified: number;
  connected: number;
}

/**
 * Counts each link's stages as they happen, with the same `linkStageOf` the
 * replay of the log uses, so the live counts equal `npm run funnel -- --by link`
 * over all time.
 */
export const linkFunnelProjection: Projection<LinkFunnelDoc, LinkFunnelEvent> = {
  name: 'link-funnel',
  version: 1,
  indexes: [{ fields: ['practiceId'] }],
  eventTypes: LINK_FUNNEL_EVENT_TYPES,
  documentId: (event) => linkStageOf(event)?.linkId ?? null,
  evolve(doc, event) {
    const fact = linkStageOf(event);
    if (!fact) return doc;
    const current = doc ?? {
      id: fact.linkId,
      linkId: fact.linkId,
      practiceId: fact.practiceId,
      views: 0,
      automatedViews: 0,
      signupsStarted: 0,
      verified: 0,
      connected: 0,
    };
    return { ...current, [fact.stage]: current[fact.stage] + 1 };
  },
};
