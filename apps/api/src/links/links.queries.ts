import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { getLink, linkViewTotals, listLinks, toLinkViews, type LinkView, type LinkViewTotals } from '@pi/projections';
import type { Page, ProjectionEngine } from '@pi/read-store';
import { READ_MODELS } from '../infrastructure/tokens.js';

export class ListLinksQuery extends Query<Page<LinkView>> {
  constructor(
    readonly practiceId: string,
    readonly page: { limit: number; cursor?: string | null; includeArchived?: boolean },
  ) {
    super();
  }
}

export class GetLinkQuery extends Query<(LinkView & { views: LinkViewTotals }) | null> {
  constructor(
    readonly practiceId: string,
    readonly linkId: string,
  ) {
    super();
  }
}

@QueryHandler(ListLinksQuery)
export class ListLinksHandler implements IQueryHandler<ListLinksQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ProjectionEngine) {}
  async execute({ practiceId, page }: ListLinksQuery) {
    const found = await listLinks(this.readModels, practiceId, page);
    return { items: await toLinkViews(this.readModels, practiceId, found.items), nextCursor: found.nextCursor };
  }
}

@QueryHandler(GetLinkQuery)
export class GetLinkHandler implements IQueryHandler<GetLinkQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ProjectionEngine) {}
  async execute({ practiceId, linkId }: GetLinkQuery) {
    const doc = await getLink(this.readModels, practiceId, linkId);
    if (!doc) return null;
    const [view] = await toLinkViews(this.readModels, practiceId, [doc]);
    return { ...view, views: await linkViewTotals(this.readModels, linkId) };
  }
}
