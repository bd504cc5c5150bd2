import type { TeamEvent } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, it } from 'vitest';
import { teamsProjection, type TeamDoc } from './teams.projection.js';

const spec = projectionSpec(teamsProjection);
const event = (e: TeamEvent) => recorded(e, { streamId: 'team-t1' });
const created = () =>
  event({
    type: 'TeamCreated',
    data: { teamId: 't1', practiceId: 'p1', name: 'Front desk', createdAt: '2026-11-01T00:00:00Z' },
  });
const team: TeamDoc = {
  id: 't1',
  practiceId: 'p1',
  name: 'Front desk',
  memberIds: [],
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
};

describe('teams read model', () => {
  it('lists a team as created', async () => {
    await spec.given().when(created()).then('t1', team);
  });

  it('follows renames and its members', async () => {
    await spec
      .given(
        created(),
        event({ type: 'TeamMemberAdded', data: { teamId: 't1', staffId: 's1', addedAt: '2026-11-02T00:00:00Z' } }),
        event({ type: 'TeamMemberAdded', data: { teamId: 't1', staffId: 's2', addedAt: '2026-11-02T00:00:00Z' } }),
      )
      .when(
        event({ type: 'TeamMemberRemoved', data: { teamId: 't1', staffId: 's1', removedAt: '2026-11-03T00:00:00Z' } }),
        event({ type: 'TeamRenamed', data: { teamId: 't1', name: 'Nurses', renamedAt: '2026-11-04T00:00:00Z' } }),
      )
      .then('t1', { ...team, name: 'Nurses', memberIds: ['s2'], updatedAt: '2026-11-04T00:00:00Z' });
  });

  it('ignores events about a team it never saw created', async () => {
    await spec
      .given()
      .when(event({ type: 'TeamRenamed', data: { teamId: 't1', name: 'Nurses', renamedAt: '2026-11-04T00:00:00Z' } }))
      .then('t1', null);
  });
});
