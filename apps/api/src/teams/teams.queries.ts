import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { getTeam, listTeams, type TeamView } from '@pi/projections';
import type { Page, ProjectionEngine } from '@pi/read-store';
import { READ_MODELS } from '../infrastructure/tokens.js';

export class ListTeamsQuery extends Query<Page<TeamView>> {
  constructor(
    readonly practiceId: string,
    readonly page: { limit: number; cursor?: string | null },
  ) {
    super();
  }
}

export class GetTeamQuery extends Query<TeamView | null> {
  constructor(
    readonly practiceId: string,
    readonly teamId: string,
  ) {
    super();
  }
}

@QueryHandler(ListTeamsQuery)
export class ListTeamsHandler implements IQueryHandler<ListTeamsQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ProjectionEngine) {}
  execute({ practiceId, page }: ListTeamsQuery) {
    return listTeams(this.readModels, practiceId, page);
  }
}

@QueryHandler(GetTeamQuery)
export class GetTeamHandler implements IQueryHandler<GetTeamQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ProjectionEngine) {}
  execute({ practiceId, teamId }: GetTeamQuery) {
    return getTeam(this.readModels, practiceId, teamId);
  }
}
