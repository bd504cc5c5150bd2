import { STAFF_EVENT_TYPES, type Role, type StaffEvent, type TeamEvent } from '@pi/domain';
import type { Projection } from '@pi/read-store';

export interface StaffDoc {
  id: string;
  practiceId: string;
  name: string;
  email: string;
  role: Role;
  /** Deactivated staff stay in the directory (the log names them), marked so. */
  status: 'active' | 'deactivated';
  teamIds: string[];
  addedAt: string;
  updatedAt: string;
}

type Taken = StaffEvent | Extract<TeamEvent, { type: 'TeamMemberAdded' | 'TeamMemberRemoved' }>;

export const staffDirectoryProjection: Projection<StaffDoc, Taken> = {
  name: 'staff-directory',
  version: 2,
  indexes: [{ fields: ['practiceId', 'name'] }],
  eventTypes: [...STAFF_EVENT_TYPES, 'TeamMemberAdded', 'TeamMemberRemoved'] satisfies (
    StaffEvent | TeamEvent
  )['type'][],
  documentId: (event) => event.data.staffId,
  evolve(doc, event) {
    switch (event.type) {
      case 'StaffMemberAdded': {
        const { staffId, practiceId, name, email, role, addedAt } = event.data;
        return {
          id: staffId,
          practiceId,
          name,
          email,
          role,
          status: 'active',
          teamIds: [],
          addedAt,
          updatedAt: addedAt,
        };
      }
      case 'StaffMemberRenamed':
        return doc && { ...doc, name: event.data.name, updatedAt: event.data.renamedAt };
      case 'StaffRoleChanged':
        return doc && { ...doc, role: event.data.role, updatedAt: event.data.changedAt };
      case 'StaffMemberDeactivated':
        return doc && { ...doc, status: 'deactivated', updatedAt: event.data.deactivatedAt };
      case 'TeamMemberAdded':
        return doc && { ...doc, teamIds: [...doc.teamIds.filter((id) => id !== event.data.teamId), event.data.teamId] };
      case 'TeamMemberRemoved':
        return doc && { ...doc, teamIds: doc.teamIds.filter((id) => id !== event.data.teamId) };
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
};
