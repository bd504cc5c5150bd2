import type { Decider } from '../shared/decider.js';
import type { AddTeamMember, CreateTeam, RemoveTeamMember, RenameTeam, TeamCommand } from './team.commands.js';
import {
  AlreadyTeamMember,
  NotATeamMember,
  TeamAlreadyExists,
  TeamNotFound,
  UnknownStaffMember,
} from './team.errors.js';
import type { TeamEvent } from './team.events.js';
import { evolveTeam, initialTeamState, type TeamState } from './team.state.js';

type ActiveTeam = Extract<TeamState, { status: 'active' }>;

function existingTeam(state: TeamState, command: { teamId: string; practiceId: string }): ActiveTeam {
  if (state.status !== 'active' || state.practiceId !== command.practiceId) throw new TeamNotFound(command.teamId);
  return state;
}

function create(command: CreateTeam, state: TeamState): TeamEvent[] {
  if (state.status !== 'absent') throw new TeamAlreadyExists(command.teamId);
  const { teamId, practiceId, name, at } = command;
  return [{ type: 'TeamCreated', data: { teamId, practiceId, name, createdAt: at } }];
}

function rename(command: RenameTeam, state: TeamState): TeamEvent[] {
  const team = existingTeam(state, command);
  if (team.name === command.name) return [];
  return [{ type: 'TeamRenamed', data: { teamId: team.teamId, name: command.name, renamedAt: command.at } }];
}

function addMember(command: AddTeamMember, state: TeamState): TeamEvent[] {
  const team = existingTeam(state, command);
  if (command.staffPracticeId !== command.practiceId) throw new UnknownStaffMember(command.staffId);
  if (team.members.has(command.staffId)) throw new AlreadyTeamMember(team.teamId, command.staffId);
  return [{ type: 'TeamMemberAdded', data: { teamId: team.teamId, staffId: command.staffId, addedAt: command.at } }];
}

function removeMember(command: RemoveTeamMember, state: TeamState): TeamEvent[] {
  const team = existingTeam(state, command);
  if (!team.members.has(command.staffId)) throw new NotATeamMember(team.teamId, command.staffId);
  return [
    { type: 'TeamMemberRemoved', data: { teamId: team.teamId, staffId: command.staffId, removedAt: command.at } },
  ];
}

export function decideTeam(command: TeamCommand, state: TeamState): TeamEvent[] {
  switch (command.type) {
    case 'CreateTeam':
      return create(command, state);
    case 'RenameTeam':
      return rename(command, state);
    case 'AddTeamMember':
      return addMember(command, state);
    case 'RemoveTeamMember':
      return removeMember(command, state);
  }
}

export const teamDecider: Decider<TeamCommand, TeamEvent, TeamState> = {
  decide: decideTeam,
  evolve: evolveTeam,
  initialState: initialTeamState,
};
