import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, signUp } from '../testing/patient-signup.fixture.js';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe('refusals name only what the caller may read', () => {
  let api: TestApp;
  let contactId: string;
  let patientId: string;
  const person = { name: 'Rosalind Franklin', phone: '+14155550171', email: 'rosalind@example.com' };

  beforeAll(async () => {
    api = await startTestApp();
    // A patient who came in through the admin's own link: the links' rules keep them from other staff.
    await createLink(api, 'admins-clinic', { owner: { type: 'staff', id: api.demo.staff.admin } });
    const { verified } = await signUp(api, 'admins-clinic', person);
    patientId = verified.body.patientId as string;
    const card = await api.request('GET', `/v1/patients/${patientId}`, {
      headers: { 'X-Consistent-After': verified.body.position as string },
    });
    contactId = card.body.contactId as string;
    expect(contactId).toEqual(expect.any(String));
  });
  afterAll(() => api.close());

  const inviteSamePerson = (token?: string) =>
    api.request('POST', '/v1/invitations', { token, body: { contact: { name: 'R. Franklin', phone: person.phone } } });

  it('refuses a staff member who may not read the contact without its ids', async () => {
    const staff = await api.token('staff');
    const refused = await inviteSamePerson(staff);
    expect(refused.status).toBe(409);
    expect(refused.text).not.toContain(contactId);
    expect(refused.text).not.toContain(patientId);
    expect(refused.body.detail).toEqual(expect.any(String));
  });

  it('names the contact to whoever may read it', async () => {
    const refused = await inviteSamePerson();
    expect(refused.status).toBe(409);
    expect(refused.text).toContain(contactId);
  });
});
