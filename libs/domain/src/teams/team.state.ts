import type { TeamEvent } from './team.events.js';

export type TeamState =
  | { status: 'absent' }
  | { status: 'active'; teamId: string; practiceId: string; name: string; members: ReadonlySet<string> };

export const initialTeamState: TeamState = { status: 'absent' };

export function evolveTeam(state: TeamState, event: TeamEvent): TeamState {
  switch (event.type) {
    case 'TeamCreated':
      return {
        status: 'active',
        teamId: event.data.teamId,
        practiceId: event.data.practiceId,
        name: event.data.name,
        members: new Set(),
      };
    case 'TeamRenamed':
      return state.status === 'active' ? { ...state, name: event.data.name } : state;
    case 'TeamMemberAdded':
      return state.status === 'active' ? { ...state, members: new Set([...state.members, event.data.staffId]) } : state;
    case 'TeamMemberRemoved': {
      if (state.status !== 'active') return state;
      const members = new Set(state.members);
      members.delete(event.data.staffId);
      return { ...state, members };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
