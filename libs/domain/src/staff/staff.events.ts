import type { DomainEvent } from '../shared/decider.js';
import type { Role } from '../shared/roles.js';

export type StaffMemberAdded = DomainEvent<
  'StaffMemberAdded',
  { staffId: string; practiceId: string; name: string; email: string; role: Role; addedAt: string }
>;
export type StaffMemberRenamed = DomainEvent<'StaffMemberRenamed', { staffId: string; name: string; renamedAt: string }>;
export type StaffRoleChanged = DomainEvent<'StaffRoleChanged', { staffId: string; role: Role; changedAt: string }>;

export type StaffEvent = StaffMemberAdded | StaffMemberRenamed | StaffRoleChanged;

export const STAFF_EVENT_TYPES = ['StaffMemberAdded', 'StaffMemberRenamed', 'StaffRoleChanged'] as const satisfies readonly StaffEvent['type'][];
