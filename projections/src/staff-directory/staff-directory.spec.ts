import type { StaffEvent, TeamMemberAdded, TeamMemberRemoved } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, it } from 'vitest';
import { staffDirectoryProjection, type StaffDoc } from './staff-directory.projection.js';

const spec = projectionSpec(staffDirectoryProjection);
const added = () =>
  recorded<StaffEvent>({
    type: 'StaffMemberAdded',
    data: {
      staffId: 's1',
      practiceId: 'p1',
      name: 'Sam Staff',
      email: 'sam@brown.example',
      role: 'staff',
      addedAt: '2026-11-01T00:00:00Z',
    },
  });
const joined = (teamId: string) =>
  recorded<TeamMemberAdded>({
    type: 'TeamMemberAdded',
    data: { teamId, staffId: 's1', addedAt: '2026-11-02T00:00:00Z' },
  });
const sam: StaffDoc = {
  id: 's1',
  practiceId: 'p1',
  name: 'Sam Staff',
  email: 'sam@brown.example',
  role: 'staff',
  status: 'active',
  teamIds: [],
  addedAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
};

describe('staff-directory read model', () => {
  it('lists a staff member as added', async () => {
    await spec.given().when(added()).then('s1', sam);
  });

  it('follows a rename and a change of role', async () => {
    await spec
      .given(
        added(),
        recorded<StaffEvent>({
          type: 'StaffMemberRenamed',
          data: { staffId: 's1', name: 'Samantha Staff', renamedAt: '2026-11-03T00:00:00Z' },
        }),
      )
      .when(
        recorded<StaffEvent>({
          type: 'StaffRoleChanged',
          data: { staffId: 's1', role: 'admin', changedAt: '2026-11-04T00:00:00Z' },
        }),
      )
      .then('s1', { ...sam, name: 'Samantha Staff', role: 'admin', updatedAt: '2026-11-04T00:00:00Z' });
  });

  it('keeps a deactivated member, marked so (the log still names them)', async () => {
    await spec
      .given(added())
      .when(
        recorded<StaffEvent>({
          type: 'StaffMemberDeactivated',
          data: { staffId: 's1', deactivatedAt: '2026-11-05T00:00:00Z' },
        }),
      )
      .then('s1', { ...sam, status: 'deactivated', updatedAt: '2026-11-05T00:00:00Z' });
  });

  it('knows the teams a member is in, once each', async () => {
    await spec
      .given(added(), joined('t1'), joined('t2'))
      .when(joined('t1'))
      .then('s1', { ...sam, teamIds: ['t2', 't1'] });
    await spec
      .given(added(), joined('t1'))
      .when(
        recorded<TeamMemberRemoved>({
          type: 'TeamMemberRemoved',
          data: { teamId: 't1', staffId: 's1', removedAt: '2026-11-06T00:00:00Z' },
        }),
      )
      .then('s1', sam);
  });
});
