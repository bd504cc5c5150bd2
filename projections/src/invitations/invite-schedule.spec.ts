import type { InvitationEvent } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, expect, it } from 'vitest';
import { inviteScheduleProjection } from './invite-schedule.projection.js';

const spec = projectionSpec(inviteScheduleProjection);
const e = (event: InvitationEvent) => recorded<InvitationEvent>(event);
const remindAt = ['2026-12-02T15:00:00.000Z', '2026-12-05T15:00:00.000Z'];
const sent = (plan: { remindAt?: string[]; holdUntil?: string }) =>
  e({
    type: 'InviteSent',
    data: {
      invitationId: 'i1',
      practiceId: 'p1',
      contactId: 'c1',
      linkId: 'l1',
      channels: ['sms'],
      to: { phone: '+14155550100', email: null },
      message: 'Hello',
      linkUrl: 'https://invite.example/brown',
      practiceName: 'Brown Clinic',
      tokenHash: 'h1',
      sealedToken: 's1',
      sentAt: '2026-11-30T15:00:00.000Z',
      expiresAt: '2026-12-30T15:00:00.000Z',
      ...plan,
    },
  });
const reminded = (reminder: number) =>
  e({
    type: 'InviteReminderSent',
    data: { invitationId: 'i1', reminder, round: reminder + 1, channels: ['sms'], sentAt: remindAt[reminder - 1] },
  });
const base = { id: 'i1', practiceId: 'p1', remindAt };

describe('the invite schedule (due times)', () => {
  it('has the first reminder due after a send, then the second, then nothing', async () => {
    await spec
      .given()
      .when(sent({ remindAt }))
      .then('i1', { ...base, what: 'remind', dueAt: remindAt[0], round: 1, reminder: 1, remindersSent: 0 });
    await spec
      .given(sent({ remindAt }))
      .when(reminded(1))
      .then('i1', { ...base, what: 'remind', dueAt: remindAt[1], round: 2, reminder: 2, remindersSent: 1 });
    await spec.given(sent({ remindAt }), reminded(1)).when(reminded(2)).then('i1', null);
  });

  it('holds a bulk send for the window, then schedules its reminders once it goes', async () => {
    const holdUntil = '2026-12-01T13:00:00.000Z';
    await spec
      .given()
      .when(sent({ remindAt, holdUntil }))
      .then('i1', { ...base, what: 'deliver', dueAt: holdUntil, round: 1, reminder: 1, remindersSent: 0 });
    await spec
      .given(sent({ remindAt, holdUntil }))
      .when(
        e({
          type: 'InviteDeliveryAttempted',
          data: { invitationId: 'i1', round: 1, channel: 'sms', attempt: 1, sendKey: 'k', attemptedAt: holdUntil },
        }),
      )
      .then('i1', { ...base, what: 'remind', dueAt: remindAt[0], round: 1, reminder: 1, remindersSent: 0 });
  });

  it('has nothing due once the invitation closes, stops reminding, or was sent before reminders existed', async () => {
    for (const closed of [
      e({ type: 'InviteRevoked', data: { invitationId: 'i1', revokedAt: remindAt[0] } }),
      e({ type: 'InviteRemindersStopped', data: { invitationId: 'i1', reason: 'capped', stoppedAt: remindAt[0] } }),
    ])
      await spec.given(sent({ remindAt })).when(closed).then('i1', null);
    const docs = await spec.given().when(sent({})).documents();
    expect(docs.size).toBe(0);
  });
});
