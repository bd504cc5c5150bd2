import { startSmtpServer, type ReceivedMail } from '@pi/notify/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../testing/test-app.fixture.js';

const BASE = 'https://invite.brown.example';
/** A header's value as a mail client reads it: folded lines joined. */
const header = (mail: ReceivedMail, name: string) =>
  new RegExp(`^${name}:((?:.*)(?:\\r?\\n[ \\t].*)*)`, 'mi')
    .exec(mail.raw)?.[1]
    .replace(/\r?\n[ \t]+/g, '')
    .trim() ?? null;

/**
 * RFC 8058 through a real SMTP server's message: the invitation email carries
 * List-Unsubscribe with a sealed link and List-Unsubscribe-Post; opening the
 * link changes nothing; the one-click POST unsubscribes the address from this
 * practice at once, like SMS STOP.
 */
describe('one-click email unsubscribe', () => {
  let api: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    api = await startTestApp({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'invites@brown.example',
      PUBLIC_BASE_URL: BASE,
      DELIVERY_RETRY_BASE_MS: '10',
    });
    await api.request('PUT', '/v1/practice/profile', { body: { name: 'Brown Family Clinic' } });
    await api.request('POST', '/v1/links', { body: { label: 'Front desk', slug: 'brown-family' } });
  });
  afterAll(async () => {
    await api.close();
    await smtp.close();
  });

  const mailsTo = (email: string) =>
    eventually(
      async () => smtp.received.filter((m) => m.to.includes(email)),
      (m) => m.length > 0,
    );
  const history = async (email: string) => {
    const head = (await api.running.runtime.events.head())!.position.toString();
    return (
      await api.request('GET', `/v1/consent?email=${encodeURIComponent(email)}`, {
        token: await api.token('auditor'),
        headers: { 'X-Consistent-After': head },
      })
    ).body;
  };
  const unsubscribeUrl = async (email: string) => {
    const [mail] = await mailsTo(email);
    const listUnsubscribe = header(mail, 'List-Unsubscribe')!;
    expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const url = /^<(.+)>$/.exec(listUnsubscribe)![1];
    expect(url.startsWith(`${BASE}/p/unsubscribe?t=`)).toBe(true);
    // The link names no address: the practice and the address are sealed in it.
    expect(url).not.toContain(email.split('@')[0]);
    return url.replace(BASE, api.url);
  };
  const post = (url: string, body = 'List-Unsubscribe=One-Click') =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

  it('unsubscribes with the one-click POST, not by opening the link, and the address gets no more email', async () => {
    const invited = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Una Subscribe', phone: '(415) 555-0801', email: 'una@example.com' } },
    });
    const url = await unsubscribeUrl('una@example.com');

    const opened = await fetch(url);
    expect(opened.status).toBe(200);
    const page = await opened.text();
    expect(page).toContain('<button class="button" type="submit" id="unsubscribe">');
    expect(page).toContain('u•••@example.com');
    expect(page).not.toContain('una@example.com');
    expect((await history('una@example.com')).entries).toEqual([]);

    const events = await api.eventCount();
    const clicked = await post(url);
    expect(clicked.status).toBe(200);
    expect(await clicked.text()).toContain('You are unsubscribed');
    expect(await api.eventCount()).toBeGreaterThan(events);
    expect((await history('una@example.com')).entries).toEqual([
      expect.objectContaining({
        change: 'opt_out',
        via: 'unsubscribe',
        keyword: 'UNSUBSCRIBE',
        recordedBy: 'public:unsubscribe',
      }),
    ]);
    // A second click changes nothing.
    const after = await api.eventCount();
    expect((await post(url)).status).toBe(200);
    expect(await api.eventCount()).toBe(after);

    // Honoured at once: a resend goes by text alone.
    const resent = await api.request('POST', `/v1/invitations/${invited.body.id}/resend`);
    expect(resent.status).toBe(200);
    expect(resent.body.channels).toEqual(['sms']);
    expect(smtp.received.filter((m) => m.to.includes('una@example.com'))).toHaveLength(1);
  });

  it('refuses a forged or altered link, and leaves the address to other practices', async () => {
    await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Vic Forged', email: 'vic@example.com' } },
    });
    const url = await unsubscribeUrl('vic@example.com');
    const token = new URL(url).searchParams.get('t')!;
    const altered = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    for (const t of ['forged', altered]) {
      expect((await fetch(`${api.url}/p/unsubscribe?t=${t}`)).status).toBe(404);
      expect((await post(`${api.url}/p/unsubscribe?t=${t}`)).status).toBe(404);
    }
    expect((await post(url)).status).toBe(200);

    const other = await api.otherPractice();
    const otherAdmin = await other.token('admin');
    await api.request('POST', '/v1/links', { token: otherAdmin, body: { label: 'Desk', slug: 'other-desk' } });
    const theirs = await api.request('POST', '/v1/invitations', {
      token: otherAdmin,
      body: { contact: { name: 'Vic Forged', email: 'vic@example.com' } },
    });
    expect(theirs.body.channels).toEqual(['email']);
  });

  it('refuses an invitation by email alone to an address that unsubscribed, saying why', async () => {
    const refused = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Vic Again', email: 'VIC@example.com' } },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/opted out of this practice's email \(unsubscribed\)/);
  });
});
