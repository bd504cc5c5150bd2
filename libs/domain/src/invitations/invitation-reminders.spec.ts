import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import type { InvitationCommand, SendInvite } from './invitation.commands.js';
import { invitationDecider } from './invitation.decide.js';
import { FollowUpNotFound } from './invitation.errors.js';
import type { InvitationEvent } from './invitation.events.js';
import { DEFAULT_REMINDER_DAYS } from './reminder-schedule.js';
import { DEFAULT_SENDING_WINDOW } from './sending-window.js';

const spec = specFor(invitationDecider);
const sentAt = '2026-11-30T15:00:00.000Z'; // 10:00 in New York
const on = { invitationId: 'i1', practiceId: 'p1' };
const plan = {
  reminderDays: DEFAULT_REMINDER_DAYS,
  sendingWindow: DEFAULT_SENDING_WINDOW,
  timeZone: 'America/New_York',
  bulk: false,
};
const send: SendInvite = {
  type: 'SendInvite',
  ...on,
  at: sentAt,
  contactId: 'c1',
  linkId: 'l1',
  linkUrl: 'https://invite.example/brown',
  practiceName: 'Brown Clinic',
  senderName: 'Dr. Ada',
  customMessage: 'Hello from Brown Clinic.',
  template: null,
  recipient: { phone: '+14155550100', email: 'jane@example.com' },
  smsOptedOut: false,
  emailOptedOut: false,
  expiryDays: 7,
  tokenHash: 'h1',
  sealedToken: 's1',
  plan,
};
const sent = spec.given().when(send).events();
const first = '2026-12-02T15:00:00.000Z';
const second = '2026-12-05T15:00:00.000Z';
const expiresAt = '2026-12-07T15:00:00.000Z';
const remind = (reminder: number, at: string, consent = { smsOptedOut: false, emailOptedOut: false }) =>
  ({ type: 'SendReminder', ...on, at, reminder, ...consent }) as InvitationCommand;
const reminderSent = (reminder: number, at: string, channels: ('sms' | 'email')[] = ['sms', 'email']) =>
  ({
    type: 'InviteReminderSent',
    data: { invitationId: 'i1', reminder, round: reminder + 1, channels, sentAt: at },
  }) as InvitationEvent;
const given = (...events: InvitationEvent[]) => spec.given([...sent, ...events]);

describe('invitation reminders', () => {
  it('plans the reminders with the send, 2 and 5 days on, before the expiry', () => {
    const [event] = sent;
    expect(event.type === 'InviteSent' && event.data.remindAt).toEqual([first, second]);
    expect(event.type === 'InviteSent' && event.data.expiresAt).toBe(expiresAt);
    expect(event.type === 'InviteSent' && 'holdUntil' in event.data).toBe(false);
  });

  it('holds a bulk send made at night until the window opens, and counts the reminders from then', () => {
    const night = '2026-12-01T03:00:00.000Z'; // 22:00 in New York
    const [event] = spec
      .given()
      .when({ ...send, at: night, plan: { ...plan, bulk: true } })
      .events();
    expect(event.type === 'InviteSent' && event.data.holdUntil).toBe('2026-12-01T13:00:00.000Z');
    expect(event.type === 'InviteSent' && event.data.remindAt).toEqual([
      '2026-12-03T13:00:00.000Z',
      '2026-12-06T13:00:00.000Z',
    ]);
  });

  it('sends the first reminder when it is due, as a new delivery round of the same link', () => {
    given()
      .when(remind(1, first))
      .then([reminderSent(1, first)]);
  });

  it('sends nothing before it is due, twice, out of turn, or after the expiry', () => {
    given().when(remind(1, '2026-12-02T14:59:59.000Z')).thenNothingHappened();
    given(reminderSent(1, first)).when(remind(1, first)).thenNothingHappened();
    given().when(remind(2, second)).thenNothingHappened();
    given(reminderSent(1, first), reminderSent(2, second)).when(remind(3, expiresAt)).thenNothingHappened();
    spec
      .given([...sent.map((e) => (e.type === 'InviteSent' ? { ...e, data: { ...e.data, remindAt: [expiresAt] } } : e))])
      .when(remind(1, expiresAt))
      .thenNothingHappened();
  });

  it('stops on acceptance, revoke and expiry', () => {
    const accepted: InvitationEvent = {
      type: 'InviteAccepted',
      data: {
        invitationId: 'i1',
        practiceId: 'p1',
        contactId: 'c1',
        patientId: 'pt1',
        provenBy: 'phone',
        acceptedAt: sentAt,
      },
    };
    given(accepted).when(remind(1, first)).thenNothingHappened();
    given({ type: 'InviteRevoked', data: { invitationId: 'i1', revokedAt: sentAt } })
      .when(remind(1, first))
      .thenNothingHappened();
  });

  it('goes only on the channels still allowed, and stops when none is', () => {
    given()
      .when(remind(1, first, { smsOptedOut: true, emailOptedOut: false }))
      .then([reminderSent(1, first, ['email'])]);
    given()
      .when(remind(1, first, { smsOptedOut: true, emailOptedOut: true }))
      .then([{ type: 'InviteRemindersStopped', data: { invitationId: 'i1', reason: 'opted_out', stoppedAt: first } }]);
    const stopped: InvitationEvent = {
      type: 'InviteRemindersStopped',
      data: { invitationId: 'i1', reason: 'capped', stoppedAt: first },
    };
    given(stopped).when(remind(1, first)).thenNothingHappened();
    given()
      .when({ type: 'StopReminders', ...on, at: first, reason: 'capped' })
      .then([stopped]);
  });

  it('starts over on a resend', () => {
    const resendAt = '2026-12-03T15:00:00.000Z';
    const resent = spec
      .given([...sent, reminderSent(1, first)])
      .when({
        type: 'ResendInvite',
        ...on,
        at: resendAt,
        recipient: send.recipient,
        smsOptedOut: false,
        emailOptedOut: false,
        expiryDays: 7,
        tokenHash: 'h2',
        sealedToken: 's2',
        plan,
      })
      .events();
    expect(resent[0].type === 'InviteResent' && resent[0].data.round).toBe(3);
    given(reminderSent(1, first), ...resent)
      .when(remind(1, '2026-12-05T15:00:00.000Z'))
      .then([
        {
          type: 'InviteReminderSent',
          data: {
            invitationId: 'i1',
            reminder: 1,
            round: 4,
            channels: ['sms', 'email'],
            sentAt: '2026-12-05T15:00:00.000Z',
          },
        },
      ]);
  });

  it('hands an invitation that expired after its reminders to staff, and not one that had none', () => {
    const expire = { type: 'ExpireInvite', ...on, at: expiresAt } as const;
    given(reminderSent(1, first), reminderSent(2, second))
      .when(expire)
      .then([
        { type: 'InviteExpired', data: { invitationId: 'i1', expiredAt: expiresAt } },
        {
          type: 'InviteHandedOff',
          data: { invitationId: 'i1', practiceId: 'p1', contactId: 'c1', reminders: 2, handedOffAt: expiresAt },
        },
      ]);
    given()
      .when(expire)
      .then([{ type: 'InviteExpired', data: { invitationId: 'i1', expiredAt: expiresAt } }]);
  });

  it('closes a follow-up once: done by staff, or by a re-invite', () => {
    const handedOff: InvitationEvent[] = [
      reminderSent(1, first),
      { type: 'InviteExpired', data: { invitationId: 'i1', expiredAt: expiresAt } },
      {
        type: 'InviteHandedOff',
        data: { invitationId: 'i1', practiceId: 'p1', contactId: 'c1', reminders: 1, handedOffAt: expiresAt },
      },
    ];
    const done = { type: 'MarkFollowUpDone', ...on, at: expiresAt } as const;
    given(...handedOff)
      .when(done)
      .then([{ type: 'InviteFollowUpDone', data: { invitationId: 'i1', doneAt: expiresAt } }]);
    given(...handedOff, { type: 'InviteFollowUpDone', data: { invitationId: 'i1', doneAt: expiresAt } })
      .when(done)
      .thenNothingHappened();
    given().when(done).thenThrows(FollowUpNotFound);
    given({ type: 'InviteExpired', data: { invitationId: 'i1', expiredAt: expiresAt } })
      .when(done)
      .thenThrows(FollowUpNotFound);
  });
});
