import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe('teams over HTTP', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  const createTeam = async (name: string) =>
    (await api.request('POST', '/v1/teams', { body: { name } })).body as { id: string; position: string };

  it('creates a team, adds and removes members, and shows their current names', async () => {
    const team = await createTeam('Front desk');
    const nurse = api.demo.staff.staff;
    const added = await api.request('POST', `/v1/teams/${team.id}/members`, { body: { staffId: nurse } });
    expect(added.status).toBe(201);
    const renamed = await api.request('PATCH', `/v1/staff/${nurse}`, { body: { name: 'Nurse Renamed' } });
    const read = await api.request('GET', `/v1/teams/${team.id}`, {
      headers: { 'X-Consistent-After': renamed.body.position },
    });
    expect(read.body).toMatchObject({
      id: team.id,
      name: 'Front desk',
      members: [{ staffId: nurse, name: 'Nurse Renamed' }],
    });
    const staff = await api.request('GET', `/v1/staff/${nurse}`, {
      headers: { 'X-Consistent-After': renamed.body.position },
    });
    expect(staff.body.teamIds).toEqual([team.id]);

    const removed = await api.request('DELETE', `/v1/teams/${team.id}/members/${nurse}`);
    expect(removed.status).toBe(200);
    const after = await api.request('GET', `/v1/teams/${team.id}`, {
      headers: { 'X-Consistent-After': removed.body.position },
    });
    expect(after.body.members).toEqual([]);
  });

  it('says 409 when the staff member is already in the team, and 404 when removing a non-member', async () => {
    const team = await createTeam('Nurses');
    const nurse = api.demo.staff.staff;
    await api.request('POST', `/v1/teams/${team.id}/members`, { body: { staffId: nurse } });
    const again = await api.request('POST', `/v1/teams/${team.id}/members`, { body: { staffId: nurse } });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/already-team-member');
    const notMember = await api.request('DELETE', `/v1/teams/${team.id}/members/${api.demo.staff.auditor}`);
    expect(notMember.status).toBe(404);
    expect(notMember.body.type).toBe('/problems/not-a-team-member');
  });

  it('refuses an unknown staff id with 422 naming the field', async () => {
    const team = await createTeam('Doctors');
    const response = await api.request('POST', `/v1/teams/${team.id}/members`, { body: { staffId: 'no-such-person' } });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ type: '/problems/unknown-staff-member', field: 'staffId' });
  });

  it("keeps practices apart: another practice's team is 404, and its staff cannot join mine", async () => {
    const team = await createTeam('Private');
    const other = await api.otherPractice();
    const token = await api.token('admin', { practiceId: other.practiceId, staffId: other.adminId });
    expect((await api.request('GET', `/v1/teams/${team.id}`, { token })).status).toBe(404);
    expect((await api.request('PATCH', `/v1/teams/${team.id}`, { token, body: { name: 'Mine now' } })).status).toBe(
      404,
    );
    const foreignMember = await api.request('POST', `/v1/teams/${team.id}/members`, {
      body: { staffId: other.adminId },
    });
    expect(foreignMember.status).toBe(422);
    const list = await api.request('GET', '/v1/teams', { token });
    expect(list.body.items).toEqual([]);
  });

  it('renames a team and lists teams by name', async () => {
    const team = await createTeam('Zeta');
    const renamed = await api.request('PATCH', `/v1/teams/${team.id}`, { body: { name: 'Alpha' } });
    const list = await api.request('GET', '/v1/teams', { headers: { 'X-Consistent-After': renamed.body.position } });
    const names = list.body.items.map((t: { name: string }) => t.name);
    expect(names[0]).toBe('Alpha');
    expect(names).toEqual([...names].sort());
  });
});
