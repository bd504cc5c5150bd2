import { DomainError } from '../shared/domain-error.js';

export class StaffMemberAlreadyExists extends DomainError {
  readonly code = 'staff-member-already-exists';
  readonly kind = 'conflict';
  constructor(staffId: string) {
    super(`Staff member ${staffId} already exists.`, { staffId });
  }
}

export class StaffMemberNotFound extends DomainError {
  readonly code = 'staff-member-not-found';
  readonly kind = 'not_found';
  constructor(staffId: string) {
    super(`No staff member ${staffId} in this practice.`, { staffId });
  }
}

/** A staff email identifies one person in a practice (it is how they sign in). */
export class StaffEmailTaken extends DomainError {
  readonly code = 'staff-email-taken';
  readonly kind = 'conflict';
  constructor(existingStaffId: string) {
    super('Another staff member of this practice already uses this email.', { existingStaffId });
  }
}

/** An admin cannot lock themselves out; another admin deactivates them. */
export class CannotDeactivateSelf extends DomainError {
  readonly code = 'cannot-deactivate-self';
  readonly kind = 'conflict';
  constructor() {
    super('You cannot deactivate yourself; ask another admin.');
  }
}
