import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

/** The address the access audit records for one read of a contact card sent with X-Forwarded-For. */
async function recordedAddress(trustProxy: string): Promise<string | null> {
  api = await startTestApp({ TRUST_PROXY: trustProxy });
  const staff = await api.token('staff');
  const created = await api.request('POST', '/v1/contacts', {
    token: staff,
    body: { name: 'Ada Proxy', phone: '(415) 555-0188' },
  });
  expect(created.status, created.text).toBe(201);
  const read = await api.request('GET', `/v1/contacts/${created.body.id}`, {
    token: staff,
    headers: { 'x-forwarded-for': '203.0.113.7, 198.51.100.9', 'X-Consistent-After': created.body.position },
  });
  expect(read.status).toBe(200);
  const head = (await api.running.runtime.events.head())!.position.toString();
  const audit = await api.request('GET', `/v1/audit/access?staffId=${api.demo.staff.staff}`, {
    token: await api.token('auditor'),
    headers: { 'X-Consistent-After': head },
  });
  expect(audit.status, audit.text).toBe(200);
  const item = (audit.body.items as { route: string; address: string | null }[]).find(
    (r) => r.route === 'GET /v1/contacts/:contactId',
  );
  return item?.address ?? null;
}

let api: TestApp | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('TRUST_PROXY decides which address is the client', () => {
  it('believes no forwarded address by default', async () => {
    expect(await recordedAddress('false')).toMatch(/127\.0\.0\.1/);
  });

  it('believes as many hops as it is given, counted from this server', async () => {
    // One hop: the loopback proxy is believed, and the address it names is the client.
    expect(await recordedAddress('1')).toBe('198.51.100.9');
    expect(await recordedAddress('2')).toBe('203.0.113.7');
  });

  it('believes the proxies it names', async () => {
    expect(await recordedAddress('loopback')).toBe('198.51.100.9');
  });
});
