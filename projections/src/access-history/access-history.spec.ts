import type { AccessEvent } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, it } from 'vitest';
import { accessHistoryProjection } from './access-history.projection.js';

const spec = projectionSpec(accessHistoryProjection);
const event = (e: AccessEvent) => recorded(e, { streamId: 'x' });
const at = '2026-11-01T00:00:00.000Z';

describe('access history read model', () => {
  it("keeps a link's owner and member changes, under the practice it was created in", async () => {
    await spec
      .given(
        event({ type: 'LinkCreated', data: { linkId: 'l1', practiceId: 'p1', label: 'L', slug: 's', createdAt: at } }),
      )
      .when(
        event({
          type: 'OwnerChanged',
          data: { linkId: 'l1', owner: { type: 'team', id: 't1' }, previousOwner: null, changedAt: at },
        }),
      )
      .then('link:l1', {
        id: 'link:l1',
        practiceId: 'p1',
        changes: [
          { kind: 'link', linkId: 'l1', at },
          { kind: 'owner', linkId: 'l1', owner: { type: 'team', id: 't1' }, at },
        ],
      });
  });

  it('keeps team membership and staff roles; a rename changes nothing about access', async () => {
    await spec
      .given(event({ type: 'TeamCreated', data: { teamId: 't1', practiceId: 'p1', name: 'Front', createdAt: at } }))
      .when(
        event({ type: 'TeamMemberAdded', data: { teamId: 't1', staffId: 's1', addedAt: at } }),
        event({ type: 'TeamRenamed', data: { teamId: 't1', name: 'Desk', renamedAt: at } }),
      )
      .then('team:t1', {
        id: 'team:t1',
        practiceId: 'p1',
        changes: [{ kind: 'teamMember', teamId: 't1', staffId: 's1', member: true, at }],
      });
    await spec
      .given(
        event({
          type: 'StaffMemberAdded',
          data: { staffId: 's1', practiceId: 'p1', name: 'N', email: 'e@x.test', role: 'auditor', addedAt: at },
        }),
      )
      .when(event({ type: 'StaffRoleChanged', data: { staffId: 's1', role: 'staff', changedAt: at } }))
      .then('staff:s1', {
        id: 'staff:s1',
        practiceId: 'p1',
        changes: [
          { kind: 'staff', staffId: 's1', readsConversations: false, at },
          { kind: 'staff', staffId: 's1', readsConversations: true, at },
        ],
      });
  });
});
