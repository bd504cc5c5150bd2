import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink } from '../testing/patient-signup.fixture.js';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe('one live invitation per contact', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
    await createLink(api, 'one-live');
  });
  afterAll(() => api.close());

  it('answers a second invite while one is pending with a resend of that one, never a second invitation', async () => {
    const contact = await api.request('POST', '/v1/contacts', {
      body: { name: 'Barbara Liskov', email: 'barbara@one-live.example' },
    });
    const contactId = contact.body.id as string;
    const first = await api.request('POST', '/v1/invitations', { body: { contactId } });
    expect(first.status).toBe(201);
    const again = await api.request('POST', '/v1/invitations', { body: { contactId } });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.warnings).toContain(
      'This contact already had a pending invitation: it was sent again (one live invitation per contact).',
    );
    const pending = await api.request('GET', '/v1/invitations?status=pending', {
      headers: { 'X-Consistent-After': again.body.position as string },
    });
    const theirs = pending.body.items.filter((i: { contactId: string }) => i.contactId === contactId);
    expect(theirs.map((i: { id: string }) => i.id)).toEqual([first.body.id]);
  });
});
