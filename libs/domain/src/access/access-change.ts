import type { LinkEvent, LinkOwner } from '../links/link.events.js';
import type { Role } from '../shared/roles.js';
import type { StaffEvent } from '../staff/staff.events.js';
import type { TeamEvent } from '../teams/team.events.js';

/**
 * What decides who may read a practice's conversations, as a history: who
 * works here (and in a role that reads conversations), which links exist, who
 * owns each, who are their additional members, who is on each team. Derived
 * from the link, team and staff events, so it is the same after a rebuild.
 */
export type AccessChange =
  | { kind: 'staff'; staffId: string; readsConversations: boolean; at: string }
  | { kind: 'link'; linkId: string; at: string }
  | { kind: 'owner'; linkId: string; owner: LinkOwner | null; at: string }
  | { kind: 'linkMember'; linkId: string; staffId: string; member: boolean; at: string }
  | { kind: 'teamMember'; teamId: string; staffId: string; member: boolean; at: string };

/** The roles whose job is the conversations; auditors and support see only what their routes give them. */
export function readsConversations(role: Role): boolean {
  return role === 'admin' || role === 'staff';
}

export type AccessEvent = LinkEvent | TeamEvent | StaffEvent;

/** The access change an event makes, if any. */
export function accessChangeOf(event: AccessEvent): AccessChange | null {
  switch (event.type) {
    case 'StaffMemberAdded':
      return {
        kind: 'staff',
        staffId: event.data.staffId,
        readsConversations: readsConversations(event.data.role),
        at: event.data.addedAt,
      };
    case 'StaffRoleChanged':
      return {
        kind: 'staff',
        staffId: event.data.staffId,
        readsConversations: readsConversations(event.data.role),
        at: event.data.changedAt,
      };
    case 'StaffMemberDeactivated':
      return { kind: 'staff', staffId: event.data.staffId, readsConversations: false, at: event.data.deactivatedAt };
    case 'LinkCreated':
      return { kind: 'link', linkId: event.data.linkId, at: event.data.createdAt };
    case 'OwnerChanged':
      return { kind: 'owner', linkId: event.data.linkId, owner: event.data.owner, at: event.data.changedAt };
    case 'MemberAdded':
      return {
        kind: 'linkMember',
        linkId: event.data.linkId,
        staffId: event.data.staffId,
        member: true,
        at: event.data.addedAt,
      };
    case 'MemberRemoved':
      return {
        kind: 'linkMember',
        linkId: event.data.linkId,
        staffId: event.data.staffId,
        member: false,
        at: event.data.removedAt,
      };
    case 'TeamMemberAdded':
      return {
        kind: 'teamMember',
        teamId: event.data.teamId,
        staffId: event.data.staffId,
        member: true,
        at: event.data.addedAt,
      };
    case 'TeamMemberRemoved':
      return {
        kind: 'teamMember',
        teamId: event.data.teamId,
        staffId: event.data.staffId,
        member: false,
        at: event.data.removedAt,
      };
    default:
      return null;
  }
}
