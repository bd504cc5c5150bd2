import type { Role } from '../shared/roles.js';
import type { StaffEvent } from './staff.events.js';

export type StaffState =
  | { status: 'absent' }
  | { status: 'active' | 'deactivated'; staffId: string; practiceId: string; name: string; email: string; role: Role };

export const initialStaffState: StaffState = { status: 'absent' };

export function evolveStaff(state: StaffState, event: StaffEvent): StaffState {
  switch (event.type) {
    case 'StaffMemberAdded': {
      const { staffId, practiceId, name, email, role } = event.data;
      return { status: 'active', staffId, practiceId, name, email, role };
    }
    case 'StaffMemberRenamed':
      return state.status === 'active' ? { ...state, name: event.data.name } : state;
    case 'StaffRoleChanged':
      return state.status === 'active' ? { ...state, role: event.data.role } : state;
    case 'StaffMemberDeactivated':
      return state.status === 'active' ? { ...state, status: 'deactivated' } : state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
