import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { getPracticeProfile, type PracticeProfileDoc } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import { READ_MODELS } from '../infrastructure/tokens.js';

export class GetPracticeProfileQuery extends Query<PracticeProfileDoc | null> {
  constructor(readonly practiceId: string) {
    super();
  }
}

@QueryHandler(GetPracticeProfileQuery)
export class GetPracticeProfileHandler implements IQueryHandler<GetPracticeProfileQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ProjectionEngine) {}

  execute({ practiceId }: GetPracticeProfileQuery) {
    return getPracticeProfile(this.readModels, practiceId);
  }
}
