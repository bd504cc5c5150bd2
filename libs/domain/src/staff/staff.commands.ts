import type { Role } from '../shared/roles.js';

export interface AddStaffMember {
  type: 'AddStaffMember';
  staffId: string;
  practiceId: string;
  name: string;
  email: string;
  role: Role;
  at: string;
}

export interface UpdateStaffMember {
  type: 'UpdateStaffMember';
  staffId: string;
  practiceId: string;
  name?: string;
  role?: Role;
  at: string;
}

export interface DeactivateStaffMember {
  type: 'DeactivateStaffMember';
  staffId: string;
  practiceId: string;
  /** Who asks: nobody deactivates themselves (a practice must never lose its last admin by accident). */
  by: string;
  at: string;
}

export type StaffCommand = AddStaffMember | UpdateStaffMember | DeactivateStaffMember;
