import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, signUp } from '../testing/patient-signup.fixture.js';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe('an invited contact who connects through a link instead', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
    await createLink(api, 'front-desk');
  });
  afterAll(() => api.close());

  it('leaves the invited-not-accepted list at once: the invitation is accepted through the link, in its timeline', async () => {
    const person = { name: 'Katherine Johnson', phone: '+14155550177', email: 'katherine@by-link.example' };
    const contact = await api.request('POST', '/v1/contacts', { body: { name: person.name, phone: person.phone } });
    const invited = await api.request('POST', '/v1/invitations', { body: { contactId: contact.body.id } });
    expect(invited.status).toBe(201);
    // The QR code at the front desk, not the invitation's link.
    const { verified } = await signUp(api, 'front-desk', person);
    expect(verified.status).toBe(200);
    const after = { 'X-Consistent-After': verified.body.position as string };
    const patient = await api.request('GET', `/v1/patients/${verified.body.patientId}`, { headers: after });
    expect(patient.body.contactId).toBe(contact.body.id);
    const pending = await api.request('GET', '/v1/invitations?status=pending', { headers: after });
    expect(pending.body.items.map((i: { id: string }) => i.id)).not.toContain(invited.body.id);
    const invitation = await api.request('GET', `/v1/invitations/${invited.body.id}`, { headers: after });
    expect(invitation.body.status).toBe('accepted');
    expect(invitation.body.timeline.at(-1)).toMatchObject({ what: 'accepted_by_link' });
  });
});
