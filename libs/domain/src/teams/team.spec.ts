import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import { teamDecider } from './team.decide.js';
import { AlreadyTeamMember, NotATeamMember, TeamNotFound, UnknownStaffMember } from './team.errors.js';
import type { TeamCreated, TeamMemberAdded } from './team.events.js';

const spec = specFor(teamDecider);
const at = '2026-11-26T10:00:00.000Z';
const created: TeamCreated = {
  type: 'TeamCreated',
  data: { teamId: 't1', practiceId: 'p1', name: 'Front desk', createdAt: at },
};
const joined: TeamMemberAdded = { type: 'TeamMemberAdded', data: { teamId: 't1', staffId: 's1', addedAt: at } };

describe('team', () => {
  it('creates a team with a name', () => {
    expect(
      spec.given([]).when({ type: 'CreateTeam', teamId: 't1', practiceId: 'p1', name: 'Front desk', at }).events(),
    ).toEqual([created]);
  });

  it('adds a staff member of the same practice', () => {
    const events = spec
      .given([created])
      .when({ type: 'AddTeamMember', teamId: 't1', practiceId: 'p1', staffId: 's1', staffPracticeId: 'p1', at })
      .events();
    expect(events).toEqual([joined]);
  });

  it('refuses a staff member of another practice as if unknown', () => {
    const error = spec
      .given([created])
      .when({ type: 'AddTeamMember', teamId: 't1', practiceId: 'p1', staffId: 's9', staffPracticeId: 'p2', at })
      .error();
    expect(error).toBeInstanceOf(UnknownStaffMember);
  });

  it('refuses a staff id that names nobody', () => {
    const error = spec
      .given([created])
      .when({ type: 'AddTeamMember', teamId: 't1', practiceId: 'p1', staffId: 's9', staffPracticeId: null, at })
      .error();
    expect(error).toBeInstanceOf(UnknownStaffMember);
  });

  it('says so when the staff member is already in the team, instead of succeeding silently', () => {
    const error = spec
      .given([created, joined])
      .when({ type: 'AddTeamMember', teamId: 't1', practiceId: 'p1', staffId: 's1', staffPracticeId: 'p1', at })
      .error();
    expect(error).toBeInstanceOf(AlreadyTeamMember);
  });

  it('removes a member, and refuses to remove someone who is not one', () => {
    const removed = spec
      .given([created, joined])
      .when({ type: 'RemoveTeamMember', teamId: 't1', practiceId: 'p1', staffId: 's1', at })
      .events();
    expect(removed).toEqual([{ type: 'TeamMemberRemoved', data: { teamId: 't1', staffId: 's1', removedAt: at } }]);
    const error = spec
      .given([created, joined, ...removed])
      .when({ type: 'RemoveTeamMember', teamId: 't1', practiceId: 'p1', staffId: 's1', at })
      .error();
    expect(error).toBeInstanceOf(NotATeamMember);
  });

  it("treats another practice's team as not found", () => {
    const error = spec
      .given([created])
      .when({ type: 'RenameTeam', teamId: 't1', practiceId: 'p2', name: 'X', at })
      .error();
    expect(error).toBeInstanceOf(TeamNotFound);
  });

  it('renames a team, and records nothing for the same name', () => {
    expect(
      spec.given([created]).when({ type: 'RenameTeam', teamId: 't1', practiceId: 'p1', name: 'Nurses', at }).events(),
    ).toHaveLength(1);
    expect(
      spec
        .given([created])
        .when({ type: 'RenameTeam', teamId: 't1', practiceId: 'p1', name: 'Front desk', at })
        .events(),
    ).toEqual([]);
  });
});
