import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type ReceivedMail } from '@pi/notify/testing';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

const BROWSER =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

/** Quoted-printable soft line breaks and =3D out of a raw message, to read its text. */
const decoded = (mail: ReceivedMail) => mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');

describe('invitations over HTTP', () => {
  let api: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let linkId: string;

  beforeAll(async () => {
    // Refuses recipients whose address contains "bounce", as a mailbox that does not exist.
    smtp = await startSmtpServer({ reject: (address) => (address.includes('bounce') ? 550 : undefined) });
    api = await startTestApp({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'invites@brown.example',
      DELIVERY_RETRY_BASE_MS: '10',
      PUBLIC_BASE_URL: 'https://invite.brown.example',
      DEV_OUTBOX: 'true',
    });
    await api.request('PUT', '/v1/practice/profile', { body: { name: 'Brown Family Clinic' } });
    // Set up here, not in a test: every test can run alone.
    linkId = (await api.request('POST', '/v1/links', { body: { label: 'Front desk', slug: 'brown-family' } })).body.id;
  });
  afterAll(async () => {
    await api.close();
    await smtp.close();
  });

  /** Waits until the delivery processor has finished with an invitation. */
  async function settled(
    id: string,
    until: (doc: any) => boolean = (doc) =>
      doc.channels.every((c: string) => ['delivered', 'failed'].includes(doc.deliveries[c].state)),
  ) {
    for (let i = 0; i < 200; i++) {
      const head = (await api.running.runtime.events.head())!.position.toString();
      const doc = (await api.request('GET', `/v1/invitations/${id}`, { headers: { 'X-Consistent-After': head } })).body;
      if (doc.deliveries && until(doc)) return doc;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`invitation ${id} did not settle`);
  }
  const smsTo = async (phone: string) => (await api.outbox()).filter((m) => m.channel === 'sms' && m.to === phone);
  const tokenIn = (text: string) => /\?i=([A-Za-z0-9_-]+)/.exec(text)?.[1];

  it('tells a practice without a link to create one first', async () => {
    const linkless = await api.otherPractice();
    const response = await api.request('POST', '/v1/invitations', {
      token: await linkless.token('admin'),
      body: { contact: { name: 'Early Bird', email: 'early@example.com' } },
    });
    expect(response.status).toBe(409);
    expect(response.body.type).toBe('/problems/no-practice-link');
  });

  it('invites a new patient by SMS and email, delivered behind the request, with one unguessable token in both', async () => {
    const response = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Jane Doe', phone: '(415) 555-0100', email: 'jane.doe@example.com' } },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ channels: ['sms', 'email'], warnings: [] });
    const doc = await settled(response.body.id);
    expect(doc).toMatchObject({
      status: 'pending',
      progress: 'delivered',
      linkId,
      deliveries: { sms: { state: 'delivered', attempts: 1 }, email: { state: 'delivered' } },
    });

    const mail = smtp.received.find((m) => m.to.includes('jane.doe@example.com'))!;
    expect(mail.raw).toMatch(/^From: Brown Family Clinic <invites@brown\.example>/m);
    expect(mail.raw).toMatch(/text\/plain/);
    expect(mail.raw).toMatch(/text\/html/);
    const [sms] = await smsTo('+14155550100');
    expect(sms.text).toMatch(/^Brown Family Clinic: Demo Admin invites you to message us securely\. Connect here:\n/);
    expect(sms.text).toMatch(/\nhttps:\/\/invite\.brown\.example\/brown-family\?i=[A-Za-z0-9_-]{22}$/);
    expect(decoded(mail)).toContain(`https://invite.brown.example/brown-family?i=${tokenIn(sms.text)}`);

    const card = await api.request('GET', `/v1/contacts/${response.body.contactId}`);
    expect(card.body.status).toBe('invited');
    expect(
      card.body.invitations[0].timeline
        .map((t: { what: string; channel?: string }) => `${t.what}${t.channel ? `:${t.channel}` : ''}`)
        .sort(),
    ).toEqual(['delivered:email', 'delivered:sms', 'sent']);
    // The token lives only in the messages: the log holds its hash and a sealed copy.
    const events = await api.running.runtime.events.readStream(`invitation-${response.body.id}`);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain(tokenIn(sms.text)!);
  });

  it('lists pending invitations, newest send first, by link', async () => {
    const invited = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Pat Pending', email: 'pat@example.com' } },
    });
    await settled(invited.body.id);
    const pending = await api.request('GET', `/v1/invitations?status=pending&linkId=${linkId}`);
    expect(pending.body.items[0]).toMatchObject({ id: invited.body.id, progress: 'delivered', channels: ['email'] });
    expect((await api.request('GET', '/v1/invitations?linkId=other')).body.items).toEqual([]);
    const tagged = await api.request('POST', `/v1/contacts/${invited.body.contactId}/tags`, {
      body: { tag: 'flu_2026' },
    });
    const byTag = await api.request('GET', '/v1/invitations?tag=FLU_2026', {
      headers: { 'X-Consistent-After': tagged.body.position },
    });
    expect(byTag.body.items.map((i: { id: string }) => i.id)).toEqual([invited.body.id]);
  });

  it("records the first real open of the invitation's link, not a scanner's", async () => {
    const invited = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Olive Open', phone: '4155550123' } },
    });
    await settled(invited.body.id);
    const token = tokenIn((await smsTo('+14155550123'))[0].text)!;
    await fetch(`${api.url}/brown-family?i=${token}`, {
      headers: { 'user-agent': 'Mozilla/5.0 (compatible; Microsoft Office SafeLinks)' },
    });
    expect((await settled(invited.body.id)).progress).toBe('delivered');
    await fetch(`${api.url}/brown-family?i=${token}`, { headers: { 'user-agent': BROWSER } });
    const opened = await settled(invited.body.id, (doc) => doc.progress === 'opened');
    expect(opened.openedAt).toEqual(expect.any(String));
  });

  it('resends with a new token (the old one opens nothing) and revokes', async () => {
    const invited = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Rex Resend', phone: '4155550124' } },
    });
    await settled(invited.body.id);
    const resent = await api.request('POST', `/v1/invitations/${invited.body.id}/resend`);
    expect(resent.status).toBe(200);
    await settled(invited.body.id, (doc) => doc.sends === 2 && doc.deliveries.sms.state === 'delivered');
    const [latest, first] = await smsTo('+14155550124');
    expect(tokenIn(latest.text)).not.toBe(tokenIn(first.text));
    await fetch(`${api.url}/brown-family?i=${tokenIn(first.text)}`, { headers: { 'user-agent': BROWSER } });
    expect((await settled(invited.body.id)).openedAt).toBeNull();
    await fetch(`${api.url}/brown-family?i=${tokenIn(latest.text)}`, { headers: { 'user-agent': BROWSER } });
    await settled(invited.body.id, (doc) => doc.progress === 'opened');

    const revoked = await api.request('POST', `/v1/invitations/${invited.body.id}/revoke`);
    const pending = await api.request('GET', '/v1/invitations?status=pending', {
      headers: { 'X-Consistent-After': revoked.body.position },
    });
    expect(pending.body.items.map((i: { id: string }) => i.id)).not.toContain(invited.body.id);
    expect((await api.request('POST', `/v1/invitations/${invited.body.id}/resend`)).body.type).toBe(
      '/problems/invitation-revoked',
    );
  });

  it('caps sends at 5 per contact per 24 hours with 429 and Retry-After', async () => {
    const invited = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Cap Tain', email: 'cap@example.com' } },
    });
    for (let i = 0; i < 4; i++)
      expect((await api.request('POST', `/v1/invitations/${invited.body.id}/resend`)).status).toBe(200);
    const capped = await api.request('POST', `/v1/invitations/${invited.body.id}/resend`);
    expect(capped.status).toBe(429);
    expect(Number(capped.headers.get('retry-after'))).toBeGreaterThan(80_000);
    expect(capped.body.type).toBe('/problems/invite-cap-reached');
  });

  it('records a refused email as failed with the reason', async () => {
    const invited = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Bo Bounce', email: 'bounce@example.com' } },
    });
    const doc = await settled(invited.body.id);
    expect(doc).toMatchObject({
      progress: 'failed',
      deliveries: { email: { state: 'failed', reason: expect.stringMatching(/550/) } },
    });
  });

  it('answers 422 for a contact with no channel, 404 for an unknown one, 409 for a new patient already known', async () => {
    const bare = await api.request('POST', '/v1/contacts', { body: { name: 'No Channel' } });
    const noChannel = await api.request('POST', '/v1/invitations', { body: { contactId: bare.body.id } });
    expect(noChannel.status).toBe(422);
    expect(noChannel.body.type).toBe('/problems/no-channel');
    expect((await api.request('POST', '/v1/invitations', { body: { contactId: 'nobody' } })).status).toBe(404);
    const known = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Jane Again', phone: '415-555-0100' } },
    });
    expect(known.status).toBe(409);
    expect(known.body.type).toBe('/problems/duplicate-contact');
    expect((await api.request('POST', '/v1/invitations', { body: {} })).status).toBe(400);
  });

  it('puts the link where the message says {link}, once', async () => {
    const invited = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Lina Link', phone: '4155550126' }, message: 'Tap {link} to join Brown.' },
    });
    await settled(invited.body.id);
    const [sms] = await smsTo('+14155550126');
    expect(sms.text).toMatch(
      /^Tap https:\/\/invite\.brown\.example\/brown-family\?i=[A-Za-z0-9_-]{22} to join Brown\.$/,
    );
  });

  it('warns when the text takes more than one SMS segment', async () => {
    const response = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Long Text', phone: '4155550125' }, message: 'Hello! '.repeat(30) },
    });
    expect(response.body.warnings[0]).toMatch(/SMS segments/);
  });

  it("keeps practices apart: another practice's invitation is 404", async () => {
    const invited = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Mine Only', email: 'mine@example.com' } },
    });
    const other = await api.otherPractice();
    const theirs = await api.token('admin', { practiceId: other.practiceId, staffId: other.adminId });
    expect((await api.request('GET', `/v1/invitations/${invited.body.id}`, { token: theirs })).status).toBe(404);
    expect((await api.request('POST', `/v1/invitations/${invited.body.id}/revoke`, { token: theirs })).status).toBe(
      404,
    );
  });
});
