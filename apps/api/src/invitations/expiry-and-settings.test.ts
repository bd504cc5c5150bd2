import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe('invitation settings and expiry', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({ DELIVERY_RETRY_BASE_MS: '10' });
    await api.request('POST', '/v1/links', { body: { label: 'Front desk', slug: 'settings-clinic' } });
  });
  afterAll(() => api.close());

  const head = async () => (await api.running.runtime.events.head())!.position.toString();

  it('reads the defaults, and only admins change them', async () => {
    const settings = await api.request('GET', '/v1/practice/invite-settings');
    expect(settings.body).toEqual({
      messageTemplate: null,
      expiryDays: 30,
      reminderDays: [2, 5],
      sendingWindow: { from: '08:00', until: '21:00' },
      timeZone: 'UTC',
      defaultTemplate: expect.stringContaining('{practice}'),
    });
    expect(
      (
        await api.request('PUT', '/v1/practice/invite-settings', {
          token: await api.token('staff'),
          body: { expiryDays: 3 },
        })
      ).status,
    ).toBe(403);
    expect((await api.request('PUT', '/v1/practice/invite-settings', { body: { expiryDays: 0 } })).status).toBe(400);
    const late = await api.request('PUT', '/v1/practice/invite-settings', { body: { reminderDays: [2, 40] } });
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ type: '/problems/invalid-reminder-schedule', field: 'reminderDays' });
    const night = await api.request('PUT', '/v1/practice/invite-settings', {
      body: { sendingWindow: { from: '22:00', until: '07:00' } },
    });
    expect(night.status).toBe(422);
    expect(night.body.type).toBe('/problems/invalid-sending-window');
  });

  it("uses the practice's template and validity for new invitations", async () => {
    const changed = await api.request('PUT', '/v1/practice/invite-settings', {
      body: { messageTemplate: 'Hi from {practice} ({sender}).', expiryDays: 7 },
    });
    expect(changed.status).toBe(200);
    const read = await api.request('GET', '/v1/practice/invite-settings', {
      headers: { 'X-Consistent-After': changed.body.position },
    });
    expect(read.body).toMatchObject({ messageTemplate: 'Hi from {practice} ({sender}).', expiryDays: 7 });
    const invited = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Tim Template', phone: '4155550301' } },
    });
    const doc = (
      await api.request('GET', `/v1/invitations/${invited.body.id}`, {
        headers: { 'X-Consistent-After': invited.body.position },
      })
    ).body;
    expect(Date.parse(doc.expiresAt) - Date.parse(doc.lastSentAt)).toBe(7 * 86_400_000);
    for (let i = 0; i < 100; i++) {
      const sms = (await api.outbox()).find((m) => m.to === '+14155550301');
      if (sms) {
        expect(sms.text).toMatch(/^Hi from Demo Family Practice \(Demo Admin\)\.\nhttp/);
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no SMS was sent');
  });

  it('expires pending invitations once their window has closed; a resend opens a new window', async () => {
    const invited = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Ex Pired', email: 'ex@example.com' } },
    });
    await api.request('GET', '/v1/invitations', { headers: { 'X-Consistent-After': invited.body.position } });
    expect(await api.running.expiry!.sweep(new Date())).toBe(0);
    expect(await api.running.expiry!.sweep(new Date(Date.now() + 8 * 86_400_000))).toBeGreaterThanOrEqual(1);
    const expired = (
      await api.request('GET', `/v1/invitations/${invited.body.id}`, {
        headers: { 'X-Consistent-After': await head() },
      })
    ).body;
    expect(expired.status).toBe('expired');
    expect(expired.timeline.map((t: { what: string }) => t.what)).toContain('expired');
    const pending = await api.request('GET', '/v1/invitations?status=pending');
    expect(pending.body.items.map((i: { id: string }) => i.id)).not.toContain(invited.body.id);
    expect((await api.request('POST', `/v1/invitations/${invited.body.id}/resend`)).status).toBe(200);
    const again = (
      await api.request('GET', `/v1/invitations/${invited.body.id}`, {
        headers: { 'X-Consistent-After': await head() },
      })
    ).body;
    expect(again.status).toBe('pending');
  });
});
