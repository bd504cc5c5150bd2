import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, signUp } from '../testing/patient-signup.fixture.js';
import { eventually, startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';

const person = { name: 'Priya Private', phone: '+14155550177', email: 'priya.private@example.com' };

/** HIPAA 164.312(b): every read of a patient's data is recorded, and auditors can list the reads. */
describe('the access audit', () => {
  let api: TestApp;
  let staff: string;
  let auditor: string;
  let patientId: string;
  let conversationId: string;
  let contactId: string;

  beforeAll(async () => {
    api = await startTestApp({}, { clock: testClock() });
    staff = await api.token('staff');
    auditor = await api.token('auditor');
    await createLink(api, 'audit-clinic');
    await signUp(api, 'audit-clinic', person);
    const listed = await eventually(
      () => api.request('GET', '/v1/conversations', { token: staff }),
      (r) => r.status === 200 && r.body.items.length > 0,
    );
    const item = listed.body.items[0] as { id: string; patient: { patientId: string } };
    conversationId = item.id;
    patientId = item.patient.patientId;
    const contacts = await api.request('GET', '/v1/contacts', { token: staff });
    contactId = contacts.body.items[0].id;
  });
  afterAll(() => api.close());

  const head = async () => (await api.running.runtime.events.head())!.position.toString();
  const audit = async (query: string, token = auditor) =>
    api.request('GET', `/v1/audit/access?${query}`, { token, headers: { 'X-Consistent-After': await head() } });

  it('records who read the conversation, the patient, their messages and the contact card, by patient', async () => {
    for (const path of [
      `/v1/conversations/${conversationId}`,
      `/v1/conversations/${conversationId}/messages`,
      `/v1/patients/${patientId}`,
      `/v1/contacts/${contactId}`,
    ])
      expect((await api.request('GET', path, { token: staff })).status, path).toBe(200);
    const listed = await audit(`patientId=${patientId}`);
    expect(listed.status, listed.text).toBe(200);
    const routes = (listed.body.items as { route: string; readerId: string; address: string | null }[]).map(
      (r) => r.route,
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /v1/conversations',
        'GET /v1/conversations/:conversationId',
        'GET /v1/patients/:patientId',
      ]),
    );
    const patientRead = listed.body.items.find((r: { route: string }) => r.route === 'GET /v1/patients/:patientId');
    expect(patientRead).toMatchObject({ kind: 'patient', subjectIds: [patientId], patientIds: [patientId] });
    expect(patientRead.readerId).toBe(api.demo.staff.staff);
    expect(patientRead.address).toMatch(/127\.0\.0\.1/);
    // Ids and addresses only: no name, phone or email of the patient.
    for (const value of [person.name, person.phone, '4155550177', person.email, 'Priya'])
      expect(listed.text).not.toContain(value);
  });

  it('records a page of contacts as one read naming each contact, and lists by reader and as CSV', async () => {
    await api.request('GET', '/v1/contacts', { token: staff });
    const byReader = await audit(`staffId=${api.demo.staff.staff}&limit=200`);
    const pages = byReader.body.items.filter((r: { route: string }) => r.route === 'GET /v1/contacts');
    expect(pages.length, byReader.text).toBeGreaterThan(0);
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.at(-1).subjectIds).toContain(contactId);
    expect(byReader.body.items.every((r: { readerId: string }) => r.readerId === api.demo.staff.staff)).toBe(true);
    const csv = await audit(`format=csv&patientId=${patientId}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text.split('\n')[0]).toBe('at,readerId,route,kind,subjectIds,patientIds,address');
    expect(csv.text).toContain('"GET /v1/patients/:patientId","patient"');
  });

  it('keeps practices apart, and keeps it from everyone but auditors', async () => {
    const other = await api.otherPractice();
    const theirs = await audit(`patientId=${patientId}`, await other.token('auditor'));
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
    expect((await audit('', staff)).status).toBe(403);
    const bad = await audit('from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
