import type { InvitationEvent } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, it } from 'vitest';
import { followUpsProjection } from './follow-ups.projection.js';

const spec = projectionSpec(followUpsProjection);
const at = '2026-12-30T15:00:00.000Z';
const handedOff = recorded<InvitationEvent>({
  type: 'InviteHandedOff',
  data: { invitationId: 'i1', practiceId: 'p1', contactId: 'c1', reminders: 2, handedOffAt: at },
});
const open = {
  id: 'i1',
  invitationId: 'i1',
  practiceId: 'p1',
  contactId: 'c1',
  status: 'open' as const,
  reminders: 2,
  handedOffAt: at,
  outcome: null,
  closedAt: null,
  closedBy: null,
};
const resent = recorded<InvitationEvent>(
  {
    type: 'InviteResent',
    data: {
      invitationId: 'i1',
      round: 4,
      channels: ['sms'],
      to: { phone: '+14155550100', email: null },
      tokenHash: 'h2',
      sealedToken: 's2',
      sentAt: '2026-12-31T10:00:00.000Z',
      expiresAt: '2027-01-30T10:00:00.000Z',
    },
  },
  {
    metadata: {
      practiceId: 'p1',
      actor: 'staff-9',
      correlationId: 'c',
      causationId: 'c',
      occurredAt: '2026-12-31T10:00:00.000Z',
    },
  },
);

describe('follow-ups', () => {
  it('opens when an invitation is handed off, and closes when staff mark it done', async () => {
    await spec.given().when(handedOff).then('i1', open);
    await spec
      .given(handedOff)
      .when(recorded<InvitationEvent>({ type: 'InviteFollowUpDone', data: { invitationId: 'i1', doneAt: at } }))
      .then('i1', { ...open, status: 'done', outcome: 'done', closedAt: at, closedBy: 'staff-1' });
  });

  it('closes as re-invited when the invitation is sent again, and a resend without a follow-up makes none', async () => {
    await spec
      .given(handedOff)
      .when(resent)
      .then('i1', {
        ...open,
        status: 'done',
        outcome: 'reinvited',
        closedAt: '2026-12-31T10:00:00.000Z',
        closedBy: 'staff-9',
      });
    await spec.given().when(resent).then('i1', null);
  });
});
