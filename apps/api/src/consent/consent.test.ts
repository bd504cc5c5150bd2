import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMS_TEST_BASE, SMS_TEST_SECRET, smsReply } from '../testing/sms-reply.fixture.js';
import { signUp } from '../testing/patient-signup.fixture.js';
import { eventually, startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';

const SECRET = SMS_TEST_SECRET;
const BASE = SMS_TEST_BASE;
const START = Date.parse('2026-11-30T15:00:00.000Z');

/**
 * The consent history of a number for auditors: the sign-up's consent with its
 * words, STOP, START, a revocation staff recorded from a call; and the report
 * that shows every revocation honoured (nothing sent after it).
 */
describe('consent history and the revocation report', () => {
  const clock = testClock(START);
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp(
      { SMS_WEBHOOK_SECRET: SECRET, PUBLIC_BASE_URL: BASE, DELIVERY_RETRY_BASE_MS: '10' },
      { clock },
    );
    await api.request('PUT', '/v1/practice/profile', { body: { name: 'Brown Family Clinic' } });
    await api.request('POST', '/v1/links', { body: { label: 'Front desk', slug: 'brown-family' } });
  });
  afterAll(() => api.close());

  const reply = async (from: string, body: string) => expect((await smsReply(api, from, body)).status).toBe(200);
  const consistent = async () => ({
    'X-Consistent-After': (await api.running.runtime.events.head())!.position.toString(),
  });
  const texts = async (phone: string) => (await api.outbox()).filter((m) => m.channel === 'sms' && m.to === phone);
  const sentAt = (minutes: number) => new Date(START + minutes * 60_000).toISOString();

  it('keeps a number that opted out, back in and out again; the report shows each revocation with nothing sent after it', async () => {
    const invited = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Olive Outin', phone: '(415) 555-0901' } },
    });
    await eventually(
      () => texts('+14155550901'),
      (m) => m.length === 1,
    );
    clock.advance(60);
    await reply('+14155550901', 'Stop');
    // Refused while opted out: the number is the only address.
    expect((await api.request('POST', `/v1/invitations/${invited.body.id}/resend`)).status).toBe(422);
    clock.advance(60);
    await reply('+14155550901', 'START');
    // Opted in again: a resend goes, and is not "after a revocation".
    expect((await api.request('POST', `/v1/invitations/${invited.body.id}/resend`)).status).toBe(200);
    await eventually(
      () => texts('+14155550901'),
      (m) => m.filter((t) => /\?i=/.test(t.text)).length === 2,
    );
    clock.advance(60);
    const recorded = await api.request('POST', '/v1/consent/revocations', {
      token: await api.token('staff'),
      body: { phone: '(415) 555-0901', note: 'Asked on a call to stop texting.' },
    });
    expect(recorded.status).toBe(200);

    const history = await api.request('GET', '/v1/consent?phone=%2B14155550901', {
      token: await api.token('auditor'),
      headers: await consistent(),
    });
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({ channel: 'sms', optedOut: true });
    expect(history.body.entries).toEqual([
      {
        change: 'opt_out',
        at: sentAt(1),
        via: 'reply',
        keyword: 'STOP',
        wording: null,
        recordedBy: 'patient:sms',
        messagesAfter: [],
      },
      { change: 'opt_in', at: sentAt(2), via: 'reply', keyword: 'START', wording: null, recordedBy: 'patient:sms' },
      {
        change: 'opt_out',
        at: sentAt(3),
        via: 'staff',
        keyword: 'STAFF',
        wording: null,
        recordedBy: api.demo.staff.staff,
        messagesAfter: [],
      },
    ]);
    // The note stays sealed in the log; neither the number nor the note is in the answer.
    expect(history.text).not.toContain('stop texting');
    expect(history.text).not.toContain('5550901');

    const csv = await api.request('GET', '/v1/consent?phone=4155550901&format=csv', {
      token: await api.token('admin'),
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text.trim().split('\n')).toHaveLength(4);
    expect(csv.text.split('\n')[0]).toBe('channel,addressHash,change,at,via,keyword,wording,recordedBy,messagesAfter');

    const report = await api.request(
      'GET',
      `/v1/audit/consent-report?from=${new Date(START).toISOString()}&to=${sentAt(10)}`,
      { token: await api.token('auditor'), headers: await consistent() },
    );
    expect(report.status).toBe(200);
    expect(report.body.notHonoured).toBe(0);
    expect(report.body.rule).toMatch(/10 business days/);
    expect(report.body.revocations).toEqual([
      expect.objectContaining({
        channel: 'sms',
        receivedAt: sentAt(1),
        via: 'reply',
        optedInAgainAt: sentAt(2),
        messagesAfter: [],
      }),
      expect.objectContaining({
        channel: 'sms',
        receivedAt: sentAt(3),
        via: 'staff',
        optedInAgainAt: null,
        messagesAfter: [],
      }),
    ]);
    const later = await api.request('GET', `/v1/audit/consent-report?from=${sentAt(2)}&to=${sentAt(10)}`, {
      token: await api.token('auditor'),
    });
    expect(later.body.revocations.map((r: { via: string }) => r.via)).toEqual(['staff']);

    // Another practice has no history of the number, and no revocation to report.
    const other = await api.otherPractice();
    const theirs = await api.request('GET', '/v1/consent?phone=%2B14155550901', {
      token: await other.token('auditor'),
    });
    expect(theirs.body.entries).toEqual([]);
    const theirReport = await api.request('GET', '/v1/audit/consent-report', { token: await other.token('auditor') });
    expect(theirReport.body.revocations).toEqual([]);
  });

  it('keeps the sign-up consent with its exact words and time', async () => {
    const { verified } = await signUp(api, 'brown-family', {
      name: 'Sam Signup',
      phone: '+14155550902',
      email: 'sam@example.com',
    });
    expect(verified.status).toBe(200);
    const history = await api.request('GET', '/v1/consent?phone=%2B14155550902', { headers: await consistent() });
    expect(history.body.entries).toEqual([
      expect.objectContaining({ change: 'opt_in', via: 'signup', keyword: null, recordedBy: expect.any(String) }),
    ]);
    expect(history.body.entries[0].wording).toMatch(/Brown Family Clinic/);
    expect(history.body.optedOut).toBe(false);
  });

  it('asks for exactly one address, and says what is wrong with a bad one', async () => {
    const none = await api.request('GET', '/v1/consent');
    expect(none.status).toBe(400);
    expect(none.body.type).toBe('/problems/one-address');
    const both = await api.request('GET', '/v1/consent?phone=4155550903&email=a@example.com');
    expect(both.status).toBe(400);
    const badPhone = await api.request('POST', '/v1/consent/revocations', { body: { phone: 'call me maybe' } });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.type).toBe('/problems/invalid-phone-number');
    expect(badPhone.body.detail).not.toContain('call me maybe');
    const badEmail = await api.request('GET', '/v1/consent?email=nope');
    expect(badEmail.status).toBe(400);
    const badPeriod = await api.request('GET', `/v1/audit/consent-report?from=${sentAt(10)}&to=${sentAt(1)}`);
    expect(badPeriod.status).toBe(400);
  });
});
