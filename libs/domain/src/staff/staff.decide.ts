import type { Decider } from '../shared/decider.js';
import type { AddStaffMember, DeactivateStaffMember, StaffCommand, UpdateStaffMember } from './staff.commands.js';
import { CannotDeactivateSelf, StaffMemberAlreadyExists, StaffMemberNotFound } from './staff.errors.js';
import type { StaffEvent } from './staff.events.js';
import { evolveStaff, initialStaffState, type StaffState } from './staff.state.js';

function add(command: AddStaffMember, state: StaffState): StaffEvent[] {
  if (state.status !== 'absent') throw new StaffMemberAlreadyExists(command.staffId);
  const { staffId, practiceId, name, email, role, at } = command;
  return [{ type: 'StaffMemberAdded', data: { staffId, practiceId, name, email, role, addedAt: at } }];
}

function update(command: UpdateStaffMember, state: StaffState): StaffEvent[] {
  // Another practice's staff member does not exist, as far as this practice can tell.
  if (state.status !== 'active' || state.practiceId !== command.practiceId)
    throw new StaffMemberNotFound(command.staffId);
  const events: StaffEvent[] = [];
  if (command.name !== undefined && command.name !== state.name) {
    events.push({
      type: 'StaffMemberRenamed',
      data: { staffId: state.staffId, name: command.name, renamedAt: command.at },
    });
  }
  if (command.role !== undefined && command.role !== state.role) {
    events.push({
      type: 'StaffRoleChanged',
      data: { staffId: state.staffId, role: command.role, changedAt: command.at },
    });
  }
  return events;
}

function deactivate(command: DeactivateStaffMember, state: StaffState): StaffEvent[] {
  if (state.status === 'absent' || state.practiceId !== command.practiceId)
    throw new StaffMemberNotFound(command.staffId);
  if (state.status === 'deactivated') return [];
  if (command.by === command.staffId) throw new CannotDeactivateSelf();
  return [{ type: 'StaffMemberDeactivated', data: { staffId: state.staffId, deactivatedAt: command.at } }];
}

export function decideStaff(command: StaffCommand, state: StaffState): StaffEvent[] {
  switch (command.type) {
    case 'AddStaffMember':
      return add(command, state);
    case 'UpdateStaffMember':
      return update(command, state);
    case 'DeactivateStaffMember':
      return deactivate(command, state);
  }
}

export const staffDecider: Decider<StaffCommand, StaffEvent, StaffState> = {
  decide: decideStaff,
  evolve: evolveStaff,
  initialState: initialStaffState,
};
