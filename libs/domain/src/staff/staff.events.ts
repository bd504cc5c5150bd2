import type { DomainEvent } from '../shared/decider.js';
import type { Role } from '../shared/roles.js';

export type StaffMemberAdded = DomainEvent<
  'StaffMemberAdded',
  { staffId: string; practiceId: string; name: string; email: string; role: Role; addedAt: string }
>;
export type StaffMemberRenamed = DomainEvent<
  'StaffMemberRenamed',
  { staffId: string; name: string; renamedAt: string }
>;
export type StaffRoleChanged = DomainEvent<'StaffRoleChanged', { staffId: string; role: Role; changedAt: string }>;

/** The staff member no longer works here: their tokens stop at once; teams and links lose them going forward. */
export type StaffMemberDeactivated = DomainEvent<'StaffMemberDeactivated', { staffId: string; deactivatedAt: string }>;

export type StaffEvent = StaffMemberAdded | StaffMemberRenamed | StaffRoleChanged | StaffMemberDeactivated;

export const STAFF_EVENT_TYPES = [
  'StaffMemberAdded',
  'StaffMemberRenamed',
  'StaffRoleChanged',
  'StaffMemberDeactivated',
] as const satisfies readonly StaffEvent['type'][];
