import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { StaffMemberAlreadyExists } from '@pi/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddStaffMemberCommand } from '@pi/application';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe('staff directory over HTTP', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('adds a staff member and shows them in the directory', async () => {
    const added = await api.request('POST', '/v1/staff', {
      body: { name: 'Dr. Ada Brown', email: 'ada@brown.example', role: 'staff' },
    });
    expect(added.status).toBe(201);
    expect(added.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const consistent = { 'X-Consistent-After': added.body.position };
    const one = await api.request('GET', `/v1/staff/${added.body.id}`, { headers: consistent });
    expect(one.body).toMatchObject({
      id: added.body.id,
      name: 'Dr. Ada Brown',
      email: 'ada@brown.example',
      role: 'staff',
      teamIds: [],
    });
    const list = await api.request('GET', '/v1/staff', { headers: consistent });
    expect(list.body.items.map((s: { name: string }) => s.name)).toContain('Dr. Ada Brown');
  });

  it('refuses a second staff member with the same email (domain case ignored), naming who has it', async () => {
    const first = await api.request('POST', '/v1/staff', {
      body: { name: 'Bo', email: 'bo@clinic.example', role: 'staff' },
    });
    const before = await api.eventCount();
    const second = await api.request('POST', '/v1/staff', {
      body: { name: 'Bo Two', email: ' bo@CLINIC.example', role: 'admin' },
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ type: '/problems/staff-email-taken', existingStaffId: first.body.id });
    expect(await api.eventCount()).toBe(before);
    // A plus tag is another address.
    expect(
      (
        await api.request('POST', '/v1/staff', {
          body: { name: 'Bo Plus', email: 'bo+2@clinic.example', role: 'staff' },
        })
      ).status,
    ).toBe(201);
  });

  it('keeps the email reserved when a retried add of the same staff member fails', async () => {
    const commands = api.running.app.get(CommandBus);
    const context = { practiceId: api.demo.practiceId, actor: 'test', correlationId: 'retry', causationId: 'retry' };
    const input = {
      name: 'Retry Person',
      email: 'retry@clinic.example',
      role: 'staff' as const,
      staffId: randomUUID(),
    };
    await commands.execute(new AddStaffMemberCommand(input, context));
    await expect(commands.execute(new AddStaffMemberCommand(input, context))).rejects.toBeInstanceOf(
      StaffMemberAlreadyExists,
    );
    const other = await api.request('POST', '/v1/staff', {
      body: { name: 'Someone Else', email: 'retry@clinic.example', role: 'staff' },
    });
    expect(other.body).toMatchObject({ type: '/problems/staff-email-taken', existingStaffId: input.staffId });
  });

  it('renames a staff member and changes their role', async () => {
    const added = await api.request('POST', '/v1/staff', {
      body: { name: 'Cy', email: 'cy@clinic.example', role: 'staff' },
    });
    const patched = await api.request('PATCH', `/v1/staff/${added.body.id}`, {
      body: { name: 'Cy Young', role: 'admin' },
    });
    expect(patched.status).toBe(200);
    const read = await api.request('GET', `/v1/staff/${added.body.id}`, {
      headers: { 'X-Consistent-After': patched.body.position },
    });
    expect(read.body).toMatchObject({ name: 'Cy Young', role: 'admin' });
  });

  it('pages through the directory in name order', async () => {
    for (const name of ['Zed', 'Yan', 'Xia'])
      await api.request('POST', '/v1/staff', { body: { name, email: `${name}@page.example`, role: 'staff' } });
    const last = await api.request('POST', '/v1/staff', {
      body: { name: 'Wu', email: 'wu@page.example', role: 'staff' },
    });
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await api.request('GET', `/v1/staff${query}`, {
        headers: { 'X-Consistent-After': last.body.position },
      });
      names.push(...page.body.items.map((s: { name: string }) => s.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['Wu', 'Xia', 'Yan', 'Zed']));
  });

  it("answers 404 for another practice's staff member, for reading and for changing", async () => {
    const other = await api.otherPractice();
    const token = await api.token('admin', { practiceId: other.practiceId, staffId: other.adminId });
    const mine = api.demo.staff.staff;
    expect((await api.request('GET', `/v1/staff/${mine}`, { token })).status).toBe(404);
    const before = await api.eventCount();
    const patched = await api.request('PATCH', `/v1/staff/${mine}`, { token, body: { name: 'Hijacked' } });
    expect(patched.status).toBe(404);
    expect(await api.eventCount()).toBe(before);
  });
});
