import { DomainError } from '../shared/domain-error.js';

export class TeamAlreadyExists extends DomainError {
  readonly code = 'team-already-exists';
  readonly kind = 'conflict';
  constructor(teamId: string) {
    super(`Team ${teamId} already exists.`, { teamId });
  }
}

export class TeamNotFound extends DomainError {
  readonly code = 'team-not-found';
  readonly kind = 'not_found';
  constructor(teamId: string) {
    super(`No team ${teamId} in this practice.`, { teamId });
  }
}

export class AlreadyTeamMember extends DomainError {
  readonly code = 'already-team-member';
  readonly kind = 'conflict';
  constructor(teamId: string, staffId: string) {
    super(`Staff member ${staffId} is already a member of team ${teamId}.`, { teamId, staffId });
  }
}

export class NotATeamMember extends DomainError {
  readonly code = 'not-a-team-member';
  readonly kind = 'not_found';
  constructor(teamId: string, staffId: string) {
    super(`Staff member ${staffId} is not a member of team ${teamId}.`, { teamId, staffId });
  }
}

/** The staff id in the body names nobody in this practice: the request is well-formed but cannot be processed. */
export class UnknownStaffMember extends DomainError {
  readonly code = 'unknown-staff-member';
  readonly kind = 'unprocessable';
  constructor(staffId: string, field = 'staffId') {
    super(`No staff member ${staffId} in this practice.`, { field, staffId });
  }
}
