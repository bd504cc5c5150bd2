import { describe, expect, it } from 'vitest';
import { funnelPeriod, InvalidFunnelQuery } from './funnel-period.js';
import { FunnelReplay, type FunnelEvent } from './funnel-replay.js';
import type { FunnelDimension, FunnelFilters } from './funnel-row.js';

const P = 'p1';
const ADMIN = 's-admin';
const filters = (some: Partial<FunnelFilters> = {}): FunnelFilters => ({
  practiceId: P,
  from: null,
  to: null,
  asOf: null,
  linkId: null,
  channel: null,
  ...some,
});
const event = (type: string, data: object, at = '2026-11-30T12:00:00.000Z', practiceId = P): FunnelEvent => ({
  type,
  data,
  metadata: { practiceId, actor: ADMIN },
  recordedAt: at,
});
const sent = (invitationId: string, sentAt: string, channels = ['sms', 'email'], practiceId = P) =>
  event(
    'InviteSent',
    { invitationId, practiceId, contactId: 'c', linkId: 'l1', channels, tokenHash: `t-${invitationId}`, sentAt },
    sentAt,
    practiceId,
  );
const delivered = (invitationId: string, channel: string, deliveredAt: string) =>
  event('InviteDelivered', { invitationId, round: 1, channel, providerId: null, deliveredAt }, deliveredAt);
const failed = (invitationId: string, channel: string, reason: string, code?: string) =>
  event('InviteDeliveryFailed', {
    invitationId,
    round: 1,
    channel,
    reason,
    code,
    failedAt: '2026-11-30T12:00:00.000Z',
  });

function replay(
  by: FunnelDimension | FunnelDimension[],
  events: FunnelEvent[],
  some: Partial<FunnelFilters> = {},
  tz = 'UTC',
) {
  const funnel = new FunnelReplay(([] as FunnelDimension[]).concat(by), filters(some), tz);
  for (const e of events) funnel.apply(e);
  return funnel;
}
const rowsOf = (funnel: FunnelReplay, by?: FunnelDimension) =>
  Object.fromEntries(funnel.report(by).rows.map((row) => [row.key, row]));

describe('the funnel replay', () => {
  it('counts an invitation delivered on two channels once, and once per channel by channel', () => {
    const history = [
      sent('i1', '2026-11-30T12:00:00.000Z'),
      delivered('i1', 'sms', '2026-11-30T12:00:10.000Z'),
      delivered('i1', 'email', '2026-11-30T12:00:20.000Z'),
      delivered('i1', 'email', '2026-11-30T12:00:30.000Z'),
    ];
    const funnel = replay(['link', 'channel'], history);
    expect(rowsOf(funnel, 'link').l1).toMatchObject({ sent: 1, delivered: 1 });
    expect(rowsOf(funnel, 'channel')).toMatchObject({
      sms: { sent: 1, delivered: 1 },
      email: { sent: 1, delivered: 1 },
    });
  });

  it('counts an invitation reminded (automatic reminders, two of them) once', () => {
    const reminder = (n: number, at: string) =>
      event('InviteReminderSent', { invitationId: 'i1', reminder: n, round: n + 1, channels: ['sms'], sentAt: at }, at);
    const history = [
      sent('i1', '2026-11-30T12:00:00.000Z', ['sms']),
      reminder(1, '2026-12-02T12:00:00.000Z'),
      reminder(2, '2026-12-05T12:00:00.000Z'),
      sent('i2', '2026-11-30T12:00:00.000Z', ['sms']),
    ];
    expect(rowsOf(replay('link', history)).l1).toMatchObject({ sent: 2, reminded: 1 });
  });

  it('reports the median seconds from sent to delivered', () => {
    const history = [60, 180, 120].flatMap((seconds, i) => [
      sent(`i${i}`, '2026-11-30T12:00:00.000Z', ['sms']),
      delivered(`i${i}`, 'sms', new Date(Date.parse('2026-11-30T12:00:00.000Z') + seconds * 1000).toISOString()),
    ]);
    expect(rowsOf(replay('link', history)).l1.medianSeconds).toMatchObject({
      sentToDelivered: 120,
      deliveredToOpened: null,
    });
  });

  it('tells an opt-out from a failure by its code, and by its reason for events older than the code', () => {
    const history = [
      sent('i1', '2026-11-30T12:00:00.000Z', ['sms']),
      failed('i1', 'sms', 'not sent', 'opted_out'),
      sent('i2', '2026-11-30T12:00:00.000Z', ['sms']),
      failed('i2', 'sms', 'not sent: the patient opted out of text messages (STOP)'),
      sent('i3', '2026-11-30T12:00:00.000Z', ['sms']),
      failed('i3', 'sms', 'SMS provider answered 400 (21211)', 'provider'),
    ];
    expect(rowsOf(replay('link', history)).l1).toMatchObject({ sent: 3, optedOut: 2, failed: 1 });
  });

  it('counts a text the provider reports undelivered as failed, once per invitation and channel', () => {
    const reported = (status: string) =>
      event('InviteDeliveryReported', {
        invitationId: 'i1',
        contactId: 'c',
        round: 1,
        channel: 'sms',
        providerId: 'SM1',
        status,
        errorCode: '30003',
        reportedAt: '2026-11-30T12:05:00.000Z',
      });
    const history = [
      sent('i1', '2026-11-30T12:00:00.000Z', ['sms']),
      delivered('i1', 'sms', '2026-11-30T12:00:10.000Z'),
      reported('undelivered'),
      reported('failed'),
      sent('i2', '2026-11-30T12:00:00.000Z', ['sms']),
      delivered('i2', 'sms', '2026-11-30T12:00:10.000Z'),
    ];
    expect(rowsOf(replay('link', history)).l1).toMatchObject({ sent: 2, delivered: 2, failed: 1 });
  });

  it('places views by source; a view recorded before sources were kept counts as invitation or link', () => {
    const view = (source: string | undefined, withInvitation: boolean, automated = false) =>
      event('LinkPageViewed', {
        linkId: 'l1',
        practiceId: P,
        day: '2026-11-30',
        viewedAt: '2026-11-30T12:00:00.000Z',
        withInvitation,
        source,
        visitor: 'v',
        automated,
        automatedReason: null,
      });
    const funnel = replay('source', [
      view('qr', false),
      view(undefined, true),
      view(undefined, false),
      view('link', false, true),
    ]);
    expect(rowsOf(funnel)).toMatchObject({
      qr: { views: 1, label: 'QR code scan' },
      invitation: { views: 1 },
      link: { views: 1, automatedViews: 1 },
    });
  });

  it("leaves out another practice's events, and what the log recorded after asOf", () => {
    const history = [
      sent('i1', '2026-11-30T12:00:00.000Z'),
      sent('x1', '2026-11-30T12:00:00.000Z', ['sms'], 'p2'),
      sent('i2', '2026-12-02T12:00:00.000Z'),
    ];
    expect(rowsOf(replay('link', history)).l1).toMatchObject({ sent: 2 });
    expect(rowsOf(replay('link', history, { asOf: '2026-12-01T00:00:00.000Z' })).l1).toMatchObject({ sent: 1 });
  });

  it('counts a period from its start (inclusive) to its end (exclusive)', () => {
    const history = [sent('i1', '2026-11-30T00:00:00.000Z'), sent('i2', '2026-12-01T00:00:00.000Z')];
    const period = { from: '2026-11-30T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
    expect(rowsOf(replay('link', history, period)).l1).toMatchObject({ sent: 1 });
  });

  it("buckets days in the practice's time zone across a daylight-saving change", () => {
    // New York: 23:30 on 7 March (EST, UTC-5) and 23:30 on 8 March (EDT, UTC-4).
    const history = [sent('i1', '2026-03-08T04:30:00.000Z'), sent('i2', '2026-03-09T03:30:00.000Z')];
    expect(Object.keys(rowsOf(replay('day', history, {}, 'America/New_York')))).toEqual(['2026-03-07', '2026-03-08']);
    expect(Object.keys(rowsOf(replay('day', history)))).toEqual(['2026-03-08', '2026-03-09']);
    // Sunday night in New York is still its week 10; in UTC the second is Monday, week 11.
    expect(rowsOf(replay('week', history, {}, 'America/New_York'))).toMatchObject({
      '2026-W10': { sent: 2, label: 'Week of 2026-03-02' },
    });
    expect(Object.keys(rowsOf(replay('week', history)))).toEqual(['2026-W10', '2026-W11']);
  });
});

describe('a funnel period', () => {
  it("reads dates in the practice's time zone: from its start, through the end of `to` (across DST)", () => {
    expect(funnelPeriod({ from: '2026-03-08', to: '2026-03-08' }, 'America/New_York')).toEqual({
      from: '2026-03-08T05:00:00.000Z',
      to: '2026-03-09T04:00:00.000Z',
      asOf: null,
    });
    expect(funnelPeriod({ asOf: '2026-11-30T17:00:00+01:00' }, 'UTC').asOf).toBe('2026-11-30T16:00:00.000Z');
  });

  it('refuses what is not a date or an instant with its offset, and an empty period', () => {
    expect(() => funnelPeriod({ from: 'last week' }, 'UTC')).toThrow(InvalidFunnelQuery);
    expect(() => funnelPeriod({ asOf: '2026-11-30T17:00' }, 'UTC')).toThrow(/asOf/);
    expect(() => funnelPeriod({ from: '2026-12-01', to: '2026-11-01' }, 'UTC')).toThrow('`to` must be after `from`.');
  });
});
