import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  getContact,
  getPracticeProfile,
  listContacts,
  searchContacts,
  type ContactDoc,
  type ContactStatus,
} from '@pi/projections';
import type { Page, ProjectionEngine } from '@pi/read-store';
import { READ_MODELS } from '../infrastructure/tokens.js';

export class FindContactsQuery extends Query<Page<ContactDoc>> {
  constructor(
    readonly practiceId: string,
    readonly filter: { q?: string; status?: ContactStatus; tag?: string; limit: number; cursor?: string | null },
  ) {
    super();
  }
}

export class GetContactQuery extends Query<ContactDoc | null> {
  constructor(
    readonly practiceId: string,
    readonly contactId: string,
  ) {
    super();
  }
}

@QueryHandler(FindContactsQuery)
export class FindContactsHandler implements IQueryHandler<FindContactsQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ProjectionEngine) {}

  async execute({ practiceId, filter }: FindContactsQuery) {
    if (!filter.q) return listContacts(this.readModels, practiceId, filter);
    const country = (await getPracticeProfile(this.readModels, practiceId))?.defaultCountry ?? 'US';
    let items = await searchContacts(this.readModels, practiceId, filter.q, country, filter.limit);
    if (filter.status) items = items.filter((c) => c.status === filter.status);
    return { items, nextCursor: null };
  }
}

@QueryHandler(GetContactQuery)
export class GetContactHandler implements IQueryHandler<GetContactQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ProjectionEngine) {}
  execute({ practiceId, contactId }: GetContactQuery) {
    return getContact(this.readModels, practiceId, contactId);
  }
}
