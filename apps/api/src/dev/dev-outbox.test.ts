import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe('GET /dev/outbox', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it("lists what the embedded profile sent for the admin's own practice, SMS and email, newest first", async () => {
    expect((await api.request('GET', '/dev/outbox')).body).toEqual({ items: [] });
    const { outbox } = api.running.runtime;
    await outbox.sms.send({
      key: 'a',
      to: '+14155550100',
      text: 'first',
      practiceId: api.demo.practiceId,
      dataSubjects: [],
    });
    await outbox.email.send({
      key: 'b',
      to: 'jane@example.com',
      fromName: 'Demo',
      subject: 'Hello',
      text: 'second',
      html: '<p>second</p>',
      practiceId: api.demo.practiceId,
      dataSubjects: [],
    });
    await outbox.sms.send({
      key: 'c',
      to: '+14155550199',
      text: 'code 123456 of another practice',
      practiceId: 'another-practice',
      dataSubjects: [],
    });
    const response = await api.request('GET', '/dev/outbox');
    expect(response.body.items).toEqual([
      { channel: 'email', to: 'jane@example.com', subject: 'Hello', text: 'second', sentAt: expect.any(String) },
      { channel: 'sms', to: '+14155550100', subject: null, text: 'first', sentAt: expect.any(String) },
    ]);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it("shows a patient's codes to the platform's operators only, never to a practice", async () => {
    await api.running.runtime.outbox.sms.send({
      key: 'code',
      to: '+14155550123',
      text: '123456 is your code',
      practiceId: null,
      dataSubjects: [],
    });
    const admin = await api.request('GET', '/dev/outbox');
    expect(admin.body.items.map((m: { text: string }) => m.text)).not.toContain('123456 is your code');
    const operator = await api.request('GET', '/dev/outbox', { token: (await api.operator()).token });
    expect(operator.body.items.map((m: { text: string }) => m.text)).toEqual(['123456 is your code']);
  });

  it('answers 401 without a token and 403 to anyone but an admin', async () => {
    expect((await api.request('GET', '/dev/outbox', { token: null })).status).toBe(401);
    for (const role of ['staff', 'support', 'auditor'] as const) {
      expect((await api.request('GET', '/dev/outbox', { token: await api.token(role) })).status, role).toBe(403);
    }
  });

  it('is not served when a real SMTP relay or SMS provider is configured, or when DEV_OUTBOX=false', async () => {
    for (const env of [
      { SMTP_URL: 'smtp://127.0.0.1:1' },
      { SMS_PROVIDER_URL: 'http://127.0.0.1:1', SMS_ACCOUNT_SID: 'AC1', SMS_AUTH_TOKEN: 't', SMS_FROM: '+14155550000' },
      { DEV_OUTBOX: 'false' },
    ] as Record<string, string>[]) {
      const other = await startTestApp(env);
      try {
        expect(other.config.devOutbox, JSON.stringify(env)).toBe(false);
        const response = await other.request('GET', '/dev/outbox');
        expect(response.status, JSON.stringify(env)).toBe(404);
      } finally {
        await other.close();
      }
    }
  });
});
