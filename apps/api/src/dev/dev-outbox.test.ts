import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe('GET /dev/outbox', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('lists what the embedded profile sent, SMS and email, newest first', async () => {
    expect((await api.request('GET', '/dev/outbox', { token: null })).body).toEqual({ items: [] });
    const { outbox } = api.running.runtime;
    await outbox.sms.send({ key: 'a', to: '+14155550100', text: 'first' });
    await outbox.email.send({ key: 'b', to: 'jane@example.com', fromName: 'Demo', subject: 'Hello', text: 'second', html: '<p>second</p>' });
    const response = await api.request('GET', '/dev/outbox', { token: null });
    expect(response.body.items).toEqual([
      { channel: 'email', to: 'jane@example.com', subject: 'Hello', text: 'second', sentAt: expect.any(String) },
      { channel: 'sms', to: '+14155550100', subject: null, text: 'first', sentAt: expect.any(String) },
    ]);
  });
});
