import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

const BROWSER =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

describe('public landing pages', () => {
  let api: TestApp;
  let linkId: string;
  beforeAll(async () => {
    api = await startTestApp();
    await api.request('PUT', '/v1/practice/profile', {
      body: {
        name: 'Brown <Family> Clinic',
        about: 'We care & listen.',
        offerings: ['Vaccines'],
        location: '12 Elm St',
        phone: '(415) 555-0100',
        logoUrl: 'https://brown.example/logo.png',
      },
    });
    const link = await api.request('POST', '/v1/links', { body: { label: 'Flyer', slug: 'brown-family' } });
    linkId = link.body.id;
    await api.request('GET', `/v1/links/${linkId}`, { headers: { 'X-Consistent-After': link.body.position } });
  });
  afterAll(() => api.close());

  it("shows the practice's profile, escaped, with a Connect button and strict headers", async () => {
    const response = await fetch(`${api.url}/brown-family?i=secret-invite-token`, {
      headers: { 'user-agent': BROWSER },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Brown &lt;Family&gt; Clinic</h1>');
    expect(html).toContain('We care &amp; listen.');
    expect(html).toMatch(
      /<a class="button" id="connect" href="\/brown-family\/connect\?i=secret-invite-token">Connect with Brown &lt;Family&gt; Clinic<\/a>/,
    );
    expect(html).toContain('alt="Brown &lt;Family&gt; Clinic logo"');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('leads the Connect button to the signup form, carrying an invitation token without redeeming it', async () => {
    const response = await fetch(`${api.url}/brown-family/connect?i=some-token`, {
      headers: { 'user-agent': BROWSER },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<form method="post" action="\/brown-family\/signup"/);
    expect(html).toContain('<input type="hidden" name="i" value="some-token">');
    // The consent box is never ticked for the patient.
    expect(html).toMatch(/<input id="consent" name="consent" type="checkbox" value="yes">/);
  });

  it('links the signup form to the help page, which escapes the practice and answers 404 for an unknown link', async () => {
    const form = await (await fetch(`${api.url}/brown-family/connect`, { headers: { 'user-agent': BROWSER } })).text();
    expect(form).toContain('<a href="/brown-family/help">Still having trouble? Help</a>');
    const help = await fetch(`${api.url}/brown-family/help`, { headers: { 'user-agent': BROWSER } });
    expect(help.status).toBe(200);
    expect(help.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const text = await help.text();
    expect(text).toContain('<h1>Help with connecting to Brown &lt;Family&gt; Clinic</h1>');
    expect(text).toContain('A code works for 10 minutes and for 5 tries');
    const missing = await fetch(`${api.url}/no-such-link/help`, { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/This link does not work/);
  });

  it('answers an unknown slug with a friendly 404 page, and with a problem to a JSON client', async () => {
    const page = await fetch(`${api.url}/no-such-link`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(await page.text()).toMatch(/This link does not work/);
    const json = await fetch(`${api.url}/no-such-link`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    expect(json.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await fetch(`${api.url}/Not_A_Slug!`)).status).toBe(404);
  });

  it('counts views per day, marking scanners, previews, prefetches and HEAD requests as automated', async () => {
    await fetch(`${api.url}/brown-family`, { headers: { 'user-agent': BROWSER } });
    await fetch(`${api.url}/brown-family`, { headers: { 'user-agent': BROWSER } });
    await fetch(`${api.url}/brown-family?i=abc`, { headers: { 'user-agent': BROWSER } });
    await fetch(`${api.url}/brown-family`, {
      headers: { 'user-agent': 'Mozilla/5.0 (compatible; Microsoft Office SafeLinks)' },
    });
    await fetch(`${api.url}/brown-family`, { headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0' } });
    await fetch(`${api.url}/brown-family`, { headers: { 'user-agent': BROWSER, 'sec-purpose': 'prefetch' } });
    await fetch(`${api.url}/brown-family`, { method: 'HEAD', headers: { 'user-agent': BROWSER } });
    const head = (await api.running.runtime.events.head())!.position.toString();
    const detail = await api.request('GET', `/v1/links/${linkId}`, { headers: { 'X-Consistent-After': head } });
    // The first test's view counts too: 4 human views (one visitor), 4 automated.
    expect(detail.body.views).toEqual({ views: 4, uniqueVisitorDays: 1, invitationViews: 2, automatedViews: 4 });
    const streams = (await api.running.runtime.events.readAll({ maxCount: 10_000 }))
      .filter((e) => e.type === 'LinkPageViewed')
      .map((e) => e.streamId);
    expect(new Set(streams)).toEqual(new Set([`linkviews-${linkId}_${new Date().toISOString().slice(0, 10)}`]));
  });

  it('never records the invitation token or the address in the view event', async () => {
    const views = (await api.running.runtime.events.readAll({ maxCount: 10_000 })).filter(
      (e) => e.type === 'LinkPageViewed',
    );
    const text = JSON.stringify(views.map(({ data, metadata, streamId }) => ({ data, metadata, streamId })));
    expect(text).not.toContain('secret-invite-token');
    expect(views.length).toBeGreaterThan(0);
    expect(text).not.toContain('127.0.0.1');
  });
});
