import { startSmtpServer, type ReceivedMail } from '@pi/notify/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMS_TEST_BASE, SMS_TEST_SECRET, smsReply } from '../testing/sms-reply.fixture.js';
import { catchUp } from '@pi/application';
import { eventually, startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';

const SECRET = SMS_TEST_SECRET;
const BASE = SMS_TEST_BASE;
const HOUR = 3600;
const DAY = 24 * HOUR;
/** Monday 2026-11-30, 10:00 in New York (15:00 UTC). */
const MONDAY_10AM_NY = Date.parse('2026-11-30T15:00:00.000Z');

const decoded = (mail: ReceivedMail) => mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
const tokenIn = (text: string) => /\?i=([A-Za-z0-9_-]+)/.exec(text)?.[1];

/**
 * Reminders, the sending window and the hand-off to staff, driven by a clock the
 * test moves: a New York practice, the default schedule (2 and 5 days after
 * the send, 08:00–21:00 local), SMS through the embedded outbox, email through
 * a real SMTP server on loopback.
 */
describe('reminders, the sending window and follow-ups', () => {
  const clock = testClock(MONDAY_10AM_NY);
  let api: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    api = await startTestApp(
      {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'invites@brown.example',
        SMS_WEBHOOK_SECRET: SECRET,
        PUBLIC_BASE_URL: BASE,
        DELIVERY_RETRY_BASE_MS: '10',
        DEV_OUTBOX: 'true',
      },
      { clock },
    );
    await api.request('PUT', '/v1/practice/profile', {
      body: { name: 'Brown Family Clinic', timeZone: 'America/New_York' },
    });
    await api.request('POST', '/v1/links', { body: { label: 'Front desk', slug: 'brown-family' } });
  });
  afterAll(async () => {
    await api.close();
    await smtp.close();
  });

  const events = () => api.running.runtime.events;
  const readModels = () => api.running.runtime.readModels;
  /** Moves the clock, waits for the log's read models, and runs the scheduler as its minute comes round. */
  const sweepAfter = async (seconds: number) => {
    clock.advance(seconds);
    await catchUp(events(), readModels(), ['invite-schedule']);
    return api.running.reminders!.sweep(clock.now());
  };
  const invitation = async (id: string) => {
    const head = (await events().head())!.position.toString();
    return (await api.request('GET', `/v1/invitations/${id}`, { headers: { 'X-Consistent-After': head } })).body;
  };
  const textsTo = async (phone: string) => (await api.outbox()).filter((m) => m.channel === 'sms' && m.to === phone);
  const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));
  const invite = async (contact: { name: string; phone?: string; email?: string }) => {
    const response = await api.request('POST', '/v1/invitations', { body: { contact } });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const settled = (id: string) =>
    eventually(
      () => invitation(id),
      (doc) =>
        Object.values(doc.deliveries as Record<string, { state: string }>).every((d) =>
          ['delivered', 'failed'].includes(d.state),
        ),
    );
  const reply = async (from: string, body: string) => expect((await smsReply(api, from, body)).status).toBe(200);

  let ada: string;
  it('reminds with the same link 2 days on, and waits for 08:00 in New York when it falls due at night', async () => {
    ada = await invite({ name: 'Ada Reminder', phone: '(415) 555-0601', email: 'ada@example.com' });
    await settled(ada);
    const [first] = await textsTo('+14155550601');
    expect(mailsTo('ada@example.com')).toHaveLength(1);
    expect(await sweepAfter(0)).toEqual({ released: 0, reminded: 0, stopped: 0, waiting: 0 });

    // Wednesday 22:30 in New York (03:30 UTC Thursday): due since 10:00, but the window closed at 21:00.
    expect((await sweepAfter(2 * DAY + 12.5 * HOUR)).reminded).toBe(0);
    expect(await textsTo('+14155550601')).toHaveLength(1);
    // Thursday 08:00 in New York: it goes.
    expect((await sweepAfter(9.5 * HOUR)).reminded).toBe(1);
    const doc = await settled(ada);
    expect(doc).toMatchObject({ reminders: 1, sends: 1, status: 'pending' });
    expect(doc.timeline.map((t: { what: string }) => t.what)).toContain('reminded');
    const texts = await textsTo('+14155550601');
    expect(texts).toHaveLength(2);
    const reminder = texts.find((m) => m.text.startsWith('Reminder: '))!;
    // The same link: no new token, the first one still works.
    expect(tokenIn(reminder.text)).toBe(tokenIn(first.text));
    const mails = await eventually(
      async () => mailsTo('ada@example.com'),
      (m) => m.length === 2,
    );
    expect(decoded(mails[1])).toMatch(/^Subject: Reminder: Brown Family Clinic invites you/m);
    expect(decoded(mails[1])).toContain(`?i=${tokenIn(first.text)}`);
    expect(mails[1].raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
  });

  it('sends the second reminder on day 5 and no third; the expiry hands the invitation to staff', async () => {
    // Saturday 10:00 in New York.
    expect((await sweepAfter(2 * DAY + 2 * HOUR)).reminded).toBe(1);
    expect((await settled(ada)).reminders).toBe(2);
    expect((await sweepAfter(DAY)).reminded).toBe(0);
    expect(await textsTo('+14155550601')).toHaveLength(3);

    clock.advance(26 * DAY);
    expect(await api.running.expiry!.sweep(clock.now())).toBeGreaterThanOrEqual(1);
    const head = (await events().head())!.position.toString();
    const open = await api.request('GET', '/v1/follow-ups', { headers: { 'X-Consistent-After': head } });
    expect(open.body.items).toEqual([
      expect.objectContaining({ invitationId: ada, status: 'open', reminders: 2, outcome: null }),
    ]);
    const counts = await api.request('GET', '/v1/inbox/counts', { headers: { 'X-Consistent-After': head } });
    expect(counts.body.followUps).toBe(1);
    expect((await invitation(ada)).timeline.map((t: { what: string }) => t.what)).toEqual(
      expect.arrayContaining(['expired', 'handed_off']),
    );
  });

  it('lets staff mark a follow-up done (once), and answers 404 for one that does not exist or is another practice’s', async () => {
    const other = await api.otherPractice();
    const theirs = await api.request('POST', `/v1/follow-ups/${ada}/done`, { token: await other.token('staff') });
    expect(theirs.status).toBe(404);
    const done = await api.request('POST', `/v1/follow-ups/${ada}/done`, { token: await api.token('staff') });
    expect(done.status).toBe(200);
    const events = await api.eventCount();
    expect((await api.request('POST', `/v1/follow-ups/${ada}/done`)).status).toBe(200);
    expect(await api.eventCount()).toBe(events);
    const list = await api.request('GET', '/v1/follow-ups?status=done', {
      headers: { 'X-Consistent-After': done.body.position },
    });
    expect(list.body.items).toEqual([
      expect.objectContaining({ invitationId: ada, status: 'done', outcome: 'done', closedBy: api.demo.staff.staff }),
    ]);
    const none = await api.request('POST', '/v1/follow-ups/no-such-invitation/done');
    expect(none.status).toBe(404);
    expect(none.body.type).toBe('/problems/invitation-not-found');
  });

  it('stops reminding after a STOP (by email alone while an address is left) and after a revoke', async () => {
    const ben = await invite({ name: 'Ben Stop', phone: '(415) 555-0602' });
    const cy = await invite({ name: 'Cy Both', phone: '(415) 555-0603', email: 'cy@example.com' });
    const di = await invite({ name: 'Di Revoked', phone: '(415) 555-0604' });
    await Promise.all([ben, cy, di].map(settled));
    await reply('+14155550602', 'STOP');
    await reply('+14155550603', 'STOP');
    expect((await api.request('POST', `/v1/invitations/${di}/revoke`)).status).toBe(200);
    const mailsBefore = mailsTo('cy@example.com').length;

    const run = await sweepAfter(2 * DAY);
    expect(run).toMatchObject({ reminded: 1, stopped: 1 });
    const benDoc = await invitation(ben);
    expect(benDoc.reminders).toBe(0);
    expect(benDoc.timeline.at(-1)).toMatchObject({ what: 'reminders_stopped', reason: 'opted out' });
    const cyDoc = await settled(cy);
    expect(cyDoc).toMatchObject({ reminders: 1, channels: ['sms', 'email'] });
    expect(Object.keys(cyDoc.deliveries)).toEqual(['email']);
    await eventually(
      async () => mailsTo('cy@example.com'),
      (m) => m.length === mailsBefore + 1,
    );
    // Neither texted number got a reminder; the revoked invitation got nothing.
    for (const phone of ['+14155550602', '+14155550603', '+14155550604'])
      expect((await textsTo(phone)).filter((m) => m.text.startsWith('Reminder: '))).toEqual([]);
    expect((await invitation(di)).reminders).toBe(0);
  });

  it('holds a bulk send made at night until 08:00 in New York; a single invitation goes at once', async () => {
    // To 23:00 in New York.
    const now = clock.now();
    const local = Number(
      new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' }).format(now),
    );
    clock.advance(((23 - local + 24) % 24) * HOUR - now.getUTCMinutes() * 60 - now.getUTCSeconds());
    const contact = await api.request('POST', '/v1/contacts', {
      body: { name: 'Eve Bulk', phone: '(415) 555-0605' },
    });
    const bulk = await api.request('POST', '/v1/invitations/bulk', { body: { contactIds: [contact.body.id] } });
    expect(bulk.body.results).toEqual([expect.objectContaining({ outcome: 'sent' })]);
    const held = await invitation(bulk.body.results[0].invitationId);
    const opening = Date.parse(held.heldUntil);
    expect(opening - clock.now().getTime()).toBe(9 * HOUR * 1000);
    const single = await invite({ name: 'Fay Single', phone: '(415) 555-0606' });
    await settled(single);
    expect(await textsTo('+14155550605')).toEqual([]);

    expect((await sweepAfter(9 * HOUR - 60)).released).toBe(0);
    expect((await sweepAfter(60)).released).toBe(1);
    await eventually(
      () => textsTo('+14155550605'),
      (m) => m.length === 1,
    );
    const sent = await settled(bulk.body.results[0].invitationId);
    expect(sent.heldUntil).toBeNull();
  });

  it('re-invites from a follow-up: a new link, and the follow-up closes as re-invited', async () => {
    const gus = await invite({ name: 'Gus Again', phone: '(415) 555-0607' });
    await settled(gus);
    await sweepAfter(2 * DAY);
    await sweepAfter(3 * DAY);
    clock.advance(26 * DAY);
    await api.running.expiry!.sweep(clock.now());
    const head = (await events().head())!.position.toString();
    const open = await api.request('GET', '/v1/follow-ups', { headers: { 'X-Consistent-After': head } });
    expect(open.body.items.map((f: { invitationId: string }) => f.invitationId)).toContain(gus);
    const before = await textsTo('+14155550607');
    const reinvited = await api.request('POST', `/v1/follow-ups/${gus}/reinvite`);
    expect(reinvited.status).toBe(200);
    const doc = await settled(gus);
    expect(doc).toMatchObject({ status: 'pending', sends: 2, reminders: 0 });
    const after = await textsTo('+14155550607');
    expect(after).toHaveLength(before.length + 1);
    const fresh = after.find((m) => !before.some((b) => b.text === m.text))!;
    expect(before.map((m) => tokenIn(m.text))).not.toContain(tokenIn(fresh.text));
    const closed = await api.request('GET', '/v1/follow-ups?status=done', {
      headers: { 'X-Consistent-After': reinvited.body.position },
    });
    expect(closed.body.items).toContainEqual(expect.objectContaining({ invitationId: gus, outcome: 'reinvited' }));
    expect((await api.request('POST', `/v1/follow-ups/${gus}/reinvite`)).status).toBe(404);
  });

  it('keeps the local hour across the daylight-saving change: 2 days after 19:30 EST is 19:30 EDT', async () => {
    // Friday 2027-03-12, 19:30 EST (00:30 UTC Saturday); clocks go forward early on Sunday.
    const target = Date.parse('2027-03-13T00:30:00.000Z');
    clock.advance((target - clock.now().getTime()) / 1000);
    const changed = await api.request('PUT', '/v1/practice/invite-settings', { body: { reminderDays: [2] } });
    expect(changed.status).toBe(200);
    const hal = await invite({ name: 'Hal Spring', phone: '(415) 555-0608' });
    await settled(hal);
    // 47 hours later is already Sunday 19:30 EDT (23:30 UTC): one hour less than two days of 24 hours.
    expect((await sweepAfter(47 * HOUR - 60)).reminded).toBe(0);
    expect((await sweepAfter(60)).reminded).toBe(1);
    const reminded = await invitation(hal);
    const at = reminded.timeline.find((t: { what: string }) => t.what === 'reminded').at;
    expect(at).toBe('2027-03-14T23:30:00.000Z');
    expect(
      new Intl.DateTimeFormat('en-US', {
        timeZone: 'America/New_York',
        hour: 'numeric',
        minute: 'numeric',
        hourCycle: 'h23',
        timeZoneName: 'short',
      }).format(new Date(at)),
    ).toBe('19:30 EDT');
  });
});
