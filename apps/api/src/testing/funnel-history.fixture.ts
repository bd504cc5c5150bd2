import { expect } from 'vitest';
import { invitationToken, latestCode, postForm } from './patient-signup.fixture.js';
import { eventually, testClock, type ApiResponse, type TestApp } from './test-app.fixture.js';

export const BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
/** Sunday 29 November 2026, 22:00 in New York: week 48 there, already week 49 in UTC. */
export const FUNNEL_START = Date.parse('2026-11-30T03:00:00Z');

export interface FunnelHistory {
  flyer: string;
  web: string;
  /** The log's own time after the first part of the history (the week-48 part), before the rest. */
  asOf: string;
  adminId: string;
  staffId: string;
}

/**
 * A known history in a practice in New York: a flyer link (typed and QR visits,
 * automated views, a QR sign-up that connects, a sign-up left unfinished, an
 * SMS+email invitation that is opened and accepted) and a web link (an email
 * invitation a staff member sent and revoked, an SMS invitation resent and left
 * to expire). The second part happens a day later (week 49 in New York), after
 * `asOf`; the web link is renamed then.
 */
export async function buildFunnelHistory(api: TestApp, clock: ReturnType<typeof testClock>): Promise<FunnelHistory> {
  const ok = (response: ApiResponse) => {
    expect(response.status, response.text).toBeLessThan(300);
    return response;
  };
  ok(await api.request('PUT', '/v1/practice/profile', { body: { timeZone: 'America/New_York' } }));
  ok(await api.request('PUT', '/v1/practice/invite-settings', { body: { expiryDays: 1 } }));
  const flyer = ok(
    await api.request('POST', '/v1/links', { body: { label: 'Front desk flyer', slug: 'funnel-flyer' } }),
  ).body;
  const web = ok(await api.request('POST', '/v1/links', { body: { label: 'Website', slug: 'funnel-web' } })).body;
  await api.request('GET', `/v1/links/${web.id}`, { headers: { 'X-Consistent-After': web.position } });
  const visit = (path: string, init: RequestInit = {}) =>
    fetch(`${api.url}${path}`, { ...init, headers: { 'user-agent': BROWSER, ...(init.headers ?? {}) } });

  // Views: two typed, one scanned, two automated on the flyer; one typed on the web link.
  await visit('/funnel-flyer');
  await visit('/funnel-flyer');
  await visit('/funnel-flyer?src=qr');
  await visit('/funnel-flyer', { method: 'HEAD' });
  await visit('/funnel-flyer', { headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0' } });
  await visit('/funnel-web');

  // A sign-up from the QR code, connected; a typed one left at the code.
  const scanned = await postForm(
    api,
    '/funnel-flyer/signup',
    { name: 'Quinn Scan', phone: '+14155550301', email: 'quinn@example.com', consent: 'yes', src: 'qr' },
    { 'x-forwarded-for': '203.0.113.31' },
  );
  expect(scanned.status, scanned.text).toBe(200);
  const code = await latestCode(api, '+14155550301');
  ok(
    await postForm(api, '/funnel-flyer/verify', { ref: scanned.body.ref, code }, { 'x-forwarded-for': '203.0.113.31' }),
  );
  ok(
    await postForm(
      api,
      '/funnel-flyer/signup',
      { name: 'Tess Typed', phone: '+14155550302', email: 'tess@example.com', consent: 'yes' },
      { 'x-forwarded-for': '203.0.113.32' },
    ),
  );

  // Invitations: the admin's SMS+email one on the flyer, opened and accepted.
  const invite = async (token: string | undefined, linkId: string, contact: Record<string, string>) =>
    ok(await api.request('POST', '/v1/invitations', { ...(token ? { token } : {}), body: { linkId, contact } })).body
      .id as string;
  const accepted = await invite(undefined, flyer.id, {
    name: 'Ada Accepts',
    phone: '+14155550303',
    email: 'ada@example.com',
  });
  const token = await invitationToken(api, '+14155550303');
  await delivered(api, accepted, ['sms', 'email']);
  await visit(`/funnel-flyer?i=${token}`);
  const viaInvite = await postForm(
    api,
    '/funnel-flyer/signup',
    { name: 'Ada Accepts', phone: '+14155550303', email: 'ada@example.com', consent: 'yes', i: token },
    { 'x-forwarded-for': '203.0.113.33' },
  );
  expect(viaInvite.status, viaInvite.text).toBe(200);
  const adaCode = await latestCode(api, '+14155550303');
  ok(
    await postForm(
      api,
      '/funnel-flyer/verify',
      { ref: viaInvite.body.ref, code: adaCode },
      { 'x-forwarded-for': '203.0.113.33' },
    ),
  );

  // The staff member's email invitation on the web link, revoked; the admin's SMS one, left to expire.
  const revoked = await invite(await api.token('staff'), web.id, { name: 'Rex Revoked', email: 'rex@example.com' });
  await delivered(api, revoked, ['email']);
  ok(await api.request('POST', `/v1/invitations/${revoked}/revoke`));
  const expiring = await invite(undefined, web.id, { name: 'Eve Expires', phone: '+14155550304' });
  await delivered(api, expiring, ['sms']);
  await eventually(
    async () => (await api.request('GET', `/v1/invitations/${accepted}`)).body.status,
    (status) => status === 'accepted',
  );

  await new Promise((resolve) => setTimeout(resolve, 20));
  const asOf = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 20));

  // A day later (Monday night in New York: week 49): a view, a resend, the rename; then the expiry.
  clock.advance(26 * 3600);
  await visit('/funnel-web');
  ok(await api.request('POST', `/v1/invitations/${expiring}/resend`));
  await delivered(api, expiring, ['sms'], 2);
  ok(await api.request('PATCH', `/v1/links/${web.id}`, { body: { label: 'Web page' } }));
  clock.advance(2 * 86_400);
  expect(await api.running.expiry!.sweep(clock.now())).toBe(1);
  return { flyer: flyer.id, web: web.id, asOf, adminId: api.demo.staff.admin, staffId: api.demo.staff.staff };
}

async function delivered(api: TestApp, invitationId: string, channels: string[], round = 1): Promise<void> {
  const doc = await eventually(
    async () => (await api.request('GET', `/v1/invitations/${invitationId}`)).body,
    (body) => body.sends === round && channels.every((c) => body.deliveries?.[c]?.state === 'delivered'),
  );
  expect(doc.deliveries, JSON.stringify(doc)).toBeDefined();
  for (const channel of channels) expect(doc.deliveries[channel].state).toBe('delivered');
}
