import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe('bulk invitations and idempotency keys', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({ DELIVERY_RETRY_BASE_MS: '10' });
    await api.request('POST', '/v1/links', { body: { label: 'Front desk', slug: 'bulk-clinic' } });
    // Bulk sends wait for the practice's sending window; these tests run at any hour, so it never closes here (reminders.test.ts holds them).
    await api.request('PUT', '/v1/practice/invite-settings', {
      body: { sendingWindow: { from: '00:00', until: '24:00' } },
    });
  });
  afterAll(() => api.close());

  const contact = async (body: object) => (await api.request('POST', '/v1/contacts', { body })).body.id as string;
  const outbox = async () => (await api.request('GET', '/dev/outbox?limit=1000')).body.items as unknown[];

  it('invites each contact, resends to those pending, and skips the rest with a reason each', async () => {
    const a = await contact({ name: 'Bulk A', phone: '4155550201' });
    const b = await contact({ name: 'Bulk B', email: 'b@bulk.example' });
    const none = await contact({ name: 'Bulk None' });
    const pending = await contact({ name: 'Bulk Pending', email: 'p@bulk.example' });
    const first = await api.request('POST', '/v1/invitations', { body: { contactId: pending } });
    const response = await api.request('POST', '/v1/invitations/bulk', {
      body: { contactIds: [a, b, none, pending, 'nobody'] },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ sent: 3, skipped: 2 });
    expect(response.body.results).toEqual([
      { contactId: a, outcome: 'sent', invitationId: expect.any(String) },
      { contactId: b, outcome: 'sent', invitationId: expect.any(String) },
      { contactId: none, outcome: 'skipped', reason: 'no_channel', detail: expect.any(String) },
      { contactId: pending, outcome: 'resent', invitationId: first.body.id },
      { contactId: 'nobody', outcome: 'skipped', reason: 'not_found', detail: expect.any(String) },
    ]);
  });

  it('invites everyone not yet invited', async () => {
    await contact({ name: 'Never Asked', email: 'never@bulk.example' });
    const response = await api.request('POST', '/v1/invitations/bulk', { body: { select: 'not_invited' } });
    const invited = response.body.results.filter((r: { outcome: string }) => r.outcome === 'sent').length;
    expect(invited).toBeGreaterThanOrEqual(1);
    const after = await api.request('GET', '/v1/contacts?status=not_invited', {
      headers: { 'X-Consistent-After': response.body.position },
    });
    expect(after.body.items.map((c: { name: string }) => c.name)).toEqual(['Bulk None']);
  });

  it('refuses more than 1,000 contacts, and both or neither of contactIds and select', async () => {
    expect(
      (
        await api.request('POST', '/v1/invitations/bulk', {
          body: { contactIds: Array.from({ length: 1001 }, (_, i) => `c${i}`) },
        })
      ).status,
    ).toBe(400);
    expect((await api.request('POST', '/v1/invitations/bulk', { body: {} })).status).toBe(400);
  });

  it('answers a retried invite with the same Idempotency-Key with the first answer, sending nothing twice', async () => {
    const c = await contact({ name: 'Idem Potent', phone: '4155550202' });
    const headers = { 'Idempotency-Key': 'invite-idem-potent-1' };
    // What a retry could append: another invitation. (Delivery of the first one goes on behind the request, and
    // records its own events whenever it gets to it: counting every event would race it.)
    const invitesSent = async () =>
      (await api.running.runtime.events.readAll({ maxCount: 1_000_000 })).filter((e) => e.type === 'InviteSent').length;
    const first = await api.request('POST', '/v1/invitations', { body: { contactId: c }, headers });
    const before = await invitesSent();
    const retry = await api.request('POST', '/v1/invitations', { body: { contactId: c }, headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await invitesSent()).toBe(before);
    const reused = await api.request('POST', '/v1/invitations', {
      body: { contactId: c, message: 'different' },
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.body.type).toBe('/problems/idempotency-key-reused');
  });

  it('makes concurrent retries of a bulk invite safe too', async () => {
    const ids = [
      await contact({ name: 'Conc One', email: 'c1@bulk.example' }),
      await contact({ name: 'Conc Two', email: 'c2@bulk.example' }),
    ];
    const toThem = async () =>
      (await outbox()).filter((m) => ['c1@bulk.example', 'c2@bulk.example'].includes((m as { to: string }).to)).length;
    const headers = { 'Idempotency-Key': 'bulk-concurrent-0001' };
    const [x, y] = await Promise.all(
      [1, 2].map(() => api.request('POST', '/v1/invitations/bulk', { body: { contactIds: ids }, headers })),
    );
    expect(x.body).toEqual(y.body);
    expect(x.body.sent).toBe(2);
    for (let i = 0; i < 100 && (await toThem()) < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 150));
    expect(await toThem()).toBe(2);
  });
});
