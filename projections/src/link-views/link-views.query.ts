import type { ProjectionEngine } from '@pi/read-store';
import { linkViewsProjection, type LinkViewsDoc } from './link-views.projection.js';

export interface LinkViewTotals {
  views: number;
  uniqueVisitorDays: number;
  invitationViews: number;
  automatedViews: number;
}

/** Totals over every day of a link's page views (the days are few: one document each). */
export async function linkViewTotals(readModels: ProjectionEngine, linkId: string): Promise<LinkViewTotals> {
  const totals: LinkViewTotals = { views: 0, uniqueVisitorDays: 0, invitationViews: 0, automatedViews: 0 };
  let cursor: string | null = null;
  do {
    const page: { items: LinkViewsDoc[]; nextCursor: string | null } = await readModels.find<LinkViewsDoc>(
      linkViewsProjection.name,
      {
        where: { linkId },
        sort: { field: 'day', direction: 'asc' },
        limit: 500,
        cursor,
      },
    );
    for (const day of page.items) {
      totals.views += day.views;
      totals.uniqueVisitorDays += day.visitors.length;
      totals.invitationViews += day.invitationViews;
      totals.automatedViews += day.automatedViews;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return totals;
}
