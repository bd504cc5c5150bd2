import { staffDecider, streams, teamDecider, type LinkOwner } from '@pi/domain';
import type { CommandExecutor } from '@pi/application';

/**
 * What a command needs to know of an owner or assignee (a staff member or a
 * team) as it stands: its practice (null when it does not exist or is no
 * longer active), and the people it stands for (the person, or the team's members).
 */
export async function ownerFacts(
  executor: CommandExecutor,
  owner: LinkOwner,
): Promise<{ practiceId: string | null; members: string[] }> {
  if (owner.type === 'staff') {
    const staff = (await executor.load(streams.staff(owner.id), staffDecider)).state;
    return staff.status === 'active'
      ? { practiceId: staff.practiceId, members: [owner.id] }
      : { practiceId: null, members: [] };
  }
  const team = (await executor.load(streams.team(owner.id), teamDecider)).state;
  return team.status === 'active'
    ? { practiceId: team.practiceId, members: [...team.members] }
    : { practiceId: null, members: [] };
}
