import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { getStaffMember, listStaff, type StaffDoc } from '@pi/projections';
import type { Page, ProjectionEngine } from '@pi/read-store';
import { READ_MODELS } from '../infrastructure/tokens.js';

export class ListStaffQuery extends Query<Page<StaffDoc>> {
  constructor(
    readonly practiceId: string,
    readonly page: { limit: number; cursor?: string | null },
  ) {
    super();
  }
}

export class GetStaffMemberQuery extends Query<StaffDoc | null> {
  constructor(
    readonly practiceId: string,
    readonly staffId: string,
  ) {
    super();
  }
}

@QueryHandler(ListStaffQuery)
export class ListStaffHandler implements IQueryHandler<ListStaffQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ProjectionEngine) {}
  execute({ practiceId, page }: ListStaffQuery) {
    return listStaff(this.readModels, practiceId, page);
  }
}

@QueryHandler(GetStaffMemberQuery)
export class GetStaffMemberHandler implements IQueryHandler<GetStaffMemberQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ProjectionEngine) {}
  execute({ practiceId, staffId }: GetStaffMemberQuery) {
    return getStaffMember(this.readModels, practiceId, staffId);
  }
}
