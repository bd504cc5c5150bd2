import type { LinkPageViewed } from '@pi/domain';
import type { Projection } from '@pi/read-store';

/**
 * Page views per link and day, for referral-source analytics. Automated
 * visits (scanners, previews, prefetches) are counted apart so funnels can
 * leave them out.
 */
export interface LinkViewsDoc {
  id: string;
  linkId: string;
  practiceId: string;
  day: string;
  views: number;
  invitationViews: number;
  automatedViews: number;
  /** Pseudonymous visitor keys of the day's human views (for unique counts). */
  visitors: string[];
}

export const linkViewsProjection: Projection<LinkViewsDoc, LinkPageViewed> = {
  name: 'link-views',
  version: 1,
  indexes: [{ fields: ['linkId', 'day'] }],
  eventTypes: ['LinkPageViewed'],
  documentId: (event) => {
    const { linkId, day } = event.data;
    return `${linkId}_${day}`;
  },
  evolve(doc, event) {
    const { linkId, practiceId, day, withInvitation, visitor, automated } = event.data;
    const current = doc ?? {
      id: `${linkId}_${day}`,
      linkId,
      practiceId,
      day,
      views: 0,
      invitationViews: 0,
      automatedViews: 0,
      visitors: [],
    };
    if (automated) return { ...current, automatedViews: current.automatedViews + 1 };
    return {
      ...current,
      views: current.views + 1,
      invitationViews: current.invitationViews + (withInvitation ? 1 : 0),
      visitors: current.visitors.includes(visitor) ? current.visitors : [...current.visitors, visitor],
    };
  },
};
