import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../testing/test-app.fixture.js';
import { SMS_TEST_BASE, SMS_TEST_SECRET, smsReply } from '../testing/sms-reply.fixture.js';

const SECRET = SMS_TEST_SECRET;
const BASE = SMS_TEST_BASE;

describe('SMS replies (provider webhook)', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({ SMS_WEBHOOK_SECRET: SECRET, PUBLIC_BASE_URL: BASE, DELIVERY_RETRY_BASE_MS: '10' });
    await api.request('PUT', '/v1/practice/profile', { body: { name: 'Brown Family Clinic' } });
    await api.request('POST', '/v1/links', { body: { label: 'Front desk', slug: 'brown-family' } });
  });
  afterAll(() => api.close());

  const reply = (from: string, body: string, sign = true) => smsReply(api, from, body, { sign });
  /** Invites, and waits until the text has gone out: a patient replies to a text they received. */
  const invite = async (contact: { name: string; phone: string; email?: string }) => {
    const invited = await api.request('POST', '/v1/invitations', { body: { contact } });
    const digits = contact.phone.replace(/\D/g, '').slice(-10);
    await eventually(
      () => api.outbox(),
      (items) => items.some((m) => m.channel === 'sms' && m.to.endsWith(digits)),
    );
    return invited;
  };

  it('refuses a reply that the provider did not sign', async () => {
    expect((await reply('+14155550100', 'STOP', false)).status).toBe(403);
  });

  it('honours STOP at once: a single confirmation naming the practice, no more texts, and the card says why', async () => {
    const invited = await invite({ name: 'Stella Stop', phone: '(415) 555-0140' });
    expect(invited.body.channels).toEqual(['sms']);
    const stop = await reply('+14155550140', 'Stop');
    expect(stop.status).toBe(200);
    expect(stop.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Brown Family Clinic: you are unsubscribed and will receive no more texts. Reply START to resubscribe.</Message></Response>',
    );
    const again = await api.request('POST', '/v1/invitations', { body: { contactId: invited.body.contactId } });
    expect(again.status).toBe(422);
    expect(again.body.detail).toMatch(/opted out/);
    const head = (await api.running.runtime.events.head())!.position.toString();
    const card = await api.request('GET', `/v1/contacts/${invited.body.contactId}`, {
      headers: { 'X-Consistent-After': head },
    });
    expect(card.body.sms).toEqual({ optedOut: true, keyword: 'STOP', since: expect.any(String), undelivered: null });
  });

  it('keeps email for a patient who stopped texts, and START brings texts back', async () => {
    const invited = await invite({ name: 'Eve Email', phone: '4155550141', email: 'eve@example.com' });
    await reply('+14155550141', 'UNSUBSCRIBE');
    expect((await api.request('POST', `/v1/invitations/${invited.body.id}/resend`)).body.channels).toEqual(['email']);
    const start = await reply('+14155550141', 'START');
    expect(start.text).toMatch(/resubscribed/);
    expect((await api.request('POST', `/v1/invitations/${invited.body.id}/resend`)).body.channels).toEqual([
      'sms',
      'email',
    ]);
  });

  it('counts a message once: a replayed, signed START does not undo a later STOP', async () => {
    const invited = await invite({ name: 'Ravi Replay', phone: '4155550143' });
    const optedOut = async () => {
      const head = (await api.running.runtime.events.head())!.position.toString();
      const card = await api.request('GET', `/v1/contacts/${invited.body.contactId}`, {
        headers: { 'X-Consistent-After': head },
      });
      return card.body.sms.optedOut as boolean;
    };
    await reply('+14155550143', 'STOP');
    const start = await smsReply(api, '+14155550143', 'START', { messageSid: 'SMstart0001' });
    expect(start.text).toMatch(/resubscribed/);
    await reply('+14155550143', 'STOP');
    expect(await optedOut()).toBe(true);
    const replayed = await smsReply(api, '+14155550143', 'START', { messageSid: 'SMstart0001' });
    expect(replayed.status).toBe(200);
    expect(replayed.text).not.toMatch(/resubscribed/);
    expect(await optedOut()).toBe(true);
  });

  it('counts replies in the order the patient sent them, not the order they arrive', async () => {
    const invited = await invite({ name: 'Olga Order', phone: '4155550144' });
    await smsReply(api, '+14155550144', 'STOP', { dateSent: 'Sat, 05 Dec 2026 10:00:05 +0000' });
    // A START the patient sent before that STOP, delivered late by the provider.
    await smsReply(api, '+14155550144', 'START', { dateSent: 'Sat, 05 Dec 2026 10:00:01 +0000' });
    const again = await api.request('POST', '/v1/invitations', { body: { contactId: invited.body.contactId } });
    expect(again.status).toBe(422);
    expect(again.body.detail).toMatch(/opted out/);
  });

  it('answers HELP with the practice, the frequency, the rates and how to stop', async () => {
    await invite({ name: 'Hal Help', phone: '4155550142' });
    const help = await reply('+14155550142', 'help');
    expect(help.text).toMatch(
      /Brown Family Clinic: .*Message frequency varies\. Msg &amp; data rates may apply\. Reply STOP to unsubscribe\./,
    );
  });

  it('STOPALL stops every practice that texted the number', async () => {
    await invite({ name: 'Al All', phone: '4155550143' });
    const other = await api.otherPractice();
    const theirs = await api.token('admin', { practiceId: other.practiceId, staffId: other.adminId });
    await api.request('POST', '/v1/links', { token: theirs, body: { label: 'Other', slug: 'other-clinic' } });
    const theirInvite = await api.request('POST', '/v1/invitations', {
      token: theirs,
      body: { contact: { name: 'Al All', phone: '4155550143' } },
    });
    expect(theirInvite.status).toBe(201);
    // Wait until the read model knows both practices texted the number.
    const head = (await api.running.runtime.events.head())!.position.toString();
    await api.request('GET', '/v1/invitations', { headers: { 'X-Consistent-After': head } });
    expect((await reply('+14155550143', 'STOPALL')).text).toMatch(/no more texts from any practice/);
    expect((await api.request('POST', `/v1/invitations/${theirInvite.body.id}/resend`, { token: theirs })).status).toBe(
      422,
    );
  });

  it('ignores other words without replying', async () => {
    expect((await reply('+14155550199', 'thanks!')).text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
    );
  });
});
