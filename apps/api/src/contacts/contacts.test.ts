import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

describe('contacts over HTTP', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  const create = async (body: object) => {
    const response = await api.request('POST', '/v1/contacts', { body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; position: string };
  };
  const search = async (q: string, position: string) =>
    (
      await api.request('GET', `/v1/contacts?q=${encodeURIComponent(q)}`, {
        headers: { 'X-Consistent-After': position },
      })
    ).body.items as { id: string; name: string; status: string }[];

  it('finds a contact by phone in any format, and by the start of its number', async () => {
    const jane = await create({ name: 'Jane Doe', phone: '(415) 555-0100', email: 'jane@example.com' });
    for (const q of ['(415) 555-0100', '+14155550100', '4155550100', '415-555-0100', '415555']) {
      expect(
        (await search(q, jane.position)).map((c) => c.id),
        q,
      ).toContain(jane.id);
    }
    expect(await search('4155550199', jane.position)).toEqual([]);
  });

  it('finds a contact by any word prefix of the name, ignoring case and accents, and says at a glance who is not invited', async () => {
    const zoe = await create({ name: 'Zoë Ångström-Lefèvre', email: 'zoe@example.com' });
    for (const q of ['zoe', 'ZOË', 'angs', 'lefev', 'zo ang', 'ång zo']) {
      const hits = await search(q, zoe.position);
      expect(
        hits.map((c) => c.id),
        q,
      ).toContain(zoe.id);
      expect(hits.find((c) => c.id === zoe.id)?.status).toBe('not_invited');
    }
    expect(await search('zoe smith', zoe.position)).toEqual([]);
  });

  it('answers 409 with the existing contact when the phone or email is already known, unless allowDuplicate', async () => {
    const first = await create({ name: 'Max Mustermann', phone: '+1 415 555 0111', email: 'Max@Example.org' });
    const before = await api.eventCount();
    const byPhone = await api.request('POST', '/v1/contacts', { body: { name: 'Maximilian', phone: '4155550111' } });
    expect(byPhone.status).toBe(409);
    expect(byPhone.body).toMatchObject({
      type: '/problems/duplicate-contact',
      existingContactId: first.id,
      matchedOn: 'phone',
    });
    const byEmail = await api.request('POST', '/v1/contacts', { body: { name: 'M', email: ' Max@EXAMPLE.ORG' } });
    expect(byEmail.body).toMatchObject({ existingContactId: first.id, matchedOn: 'email' });
    expect(await api.eventCount()).toBe(before);
    // A plus tag or a dot makes another address.
    await create({ name: 'Max Plus', email: 'Max+clinic@example.org' });
    await create({ name: 'Max Twin', phone: '4155550111', allowDuplicate: true });
  });

  it('moves the duplicate check with an edited phone: the old number is free, the new one taken', async () => {
    const moving = await create({ name: 'Moving Phone', phone: '4155550188' });
    await api.request('PATCH', `/v1/contacts/${moving.id}`, { body: { phone: '4155550189' } });
    expect(
      (await api.request('POST', '/v1/contacts', { body: { name: 'Gets Old Number', phone: '4155550188' } })).status,
    ).toBe(201);
    const clash = await api.request('POST', '/v1/contacts', {
      body: { name: 'Wants New Number', phone: '(415) 555-0189' },
    });
    expect(clash.body).toMatchObject({ type: '/problems/duplicate-contact', existingContactId: moving.id });
  });

  it('stores the phone as E.164 with the text as typed, and refuses one it cannot read naming the field', async () => {
    const contact = await create({ name: 'Typed', phone: '415.555.0122 ext 9' });
    const card = await api.request('GET', `/v1/contacts/${contact.id}`, {
      headers: { 'X-Consistent-After': contact.position },
    });
    expect(card.body).toMatchObject({
      phone: { e164: '+14155550122', extension: '9', asTyped: '415.555.0122 ext 9' },
      source: 'manual',
      status: 'not_invited',
      connected: false,
      invitations: [],
    });
    const bad = await api.request('POST', '/v1/contacts', { body: { name: 'Bad', phone: '12345' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'phone', messages: ['phone must be a valid phone number'] }]);
  });

  it('updates and tags a contact; the card and the search follow', async () => {
    const contact = await create({ name: 'Old Name', phone: '4155550133' });
    await api.request('PATCH', `/v1/contacts/${contact.id}`, {
      body: { name: 'New Name', phone: null, email: 'new@example.com' },
    });
    await api.request('POST', `/v1/contacts/${contact.id}/tags`, { body: { tag: 'flu_2026' } });
    expect((await api.request('POST', `/v1/contacts/${contact.id}/tags`, { body: { tag: 'FLU_2026' } })).status).toBe(
      409,
    );
    const tagged = await api.request('POST', `/v1/contacts/${contact.id}/tags`, { body: { tag: 'vip' } });
    const card = await api.request('GET', `/v1/contacts/${contact.id}`, {
      headers: { 'X-Consistent-After': tagged.body.position },
    });
    expect(card.body).toMatchObject({
      name: 'New Name',
      phone: null,
      email: 'new@example.com',
      tags: ['flu_2026', 'vip'],
    });
    expect((await search('old', tagged.body.position)).map((c) => c.id)).not.toContain(contact.id);
    expect((await search('new name', tagged.body.position)).map((c) => c.id)).toContain(contact.id);
    expect((await search('4155550133', tagged.body.position)).map((c) => c.id)).not.toContain(contact.id);
    const byTag = await api.request('GET', '/v1/contacts?tag=FLU_2026', {
      headers: { 'X-Consistent-After': tagged.body.position },
    });
    expect(byTag.body.items.map((c: { id: string }) => c.id)).toEqual([contact.id]);
    const untagged = await api.request('DELETE', `/v1/contacts/${contact.id}/tags/VIP`);
    expect(untagged.status).toBe(200);
    expect((await api.request('DELETE', `/v1/contacts/${contact.id}/tags/vip`)).status).toBe(404);
  });

  it('lists the not-yet-invited in name order with cursor pagination', async () => {
    const last = await create({ name: 'Aaron Aardvark' });
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/v1/contacts?status=not_invited&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api.request('GET', path, { headers: { 'X-Consistent-After': last.position } });
      names.push(...page.body.items.map((c: { name: string }) => c.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names[0]).toBe('Aaron Aardvark');
    expect(names.length).toBeGreaterThanOrEqual(7);
  });

  it('imports a CSV: good rows in, bad rows reported by line, duplicates named, and the same file again imports nothing', async () => {
    const existing = await create({ name: 'Known Person', phone: '4155550144' });
    const csv = [
      'Name,Phone,Email,Tags',
      'Ada Import,(415) 555-0155,ada@import.example,new_patient;flu',
      'No Contact Data,,,',
      ',4155550166,,',
      'Bad Phone,12,,',
      'Bad Email,,not-an-email,',
      'Known Again,415-555-0144,,',
      'Ada Twin,4155550155,,',
      '"Comma, Person",,comma@import.example,vip',
      'Bad Tag,,tag@import.example,a/b',
    ].join('\n');
    const first = await api.request('POST', '/v1/contacts/import', {
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(first.status).toBe(200);
    expect(first.body.rows).toBe(9);
    expect(first.body.accepted.map((a: { line: number }) => a.line)).toEqual([2, 3, 4, 9]);
    expect(first.body.rejected.map((r: { line: number }) => r.line)).toEqual([5, 6, 10]);
    expect(first.body.rejected[0].reason).toMatch(/phone/);
    expect(first.body.duplicates).toEqual([
      { line: 7, existingContactId: existing.id, matchedOn: 'phone' },
      {
        line: 8,
        existingContactId: first.body.accepted[0].contactId,
        matchedOn: 'earlier row of this file',
        duplicateOfLine: 2,
      },
    ]);
    const ada = await api.request('GET', `/v1/contacts/${first.body.accepted[0].contactId}`, {
      headers: { 'X-Consistent-After': first.body.position },
    });
    expect(ada.body).toMatchObject({ name: 'Ada Import', source: 'import', tags: ['new_patient', 'flu'] });
    const nameless = await api.request('GET', `/v1/contacts/${first.body.accepted[2].contactId}`);
    expect(nameless.body.name).toBe('4155550166');

    const before = await api.eventCount();
    const again = await api.request('POST', '/v1/contacts/import', {
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(again.body.accepted).toEqual([]);
    expect(again.body.duplicates.map((d: { line: number }) => d.line)).toEqual([2, 3, 4, 7, 8, 9]);
    expect(await api.eventCount()).toBe(before);
  });

  it('refuses a CSV without a header it knows, and a body that is not CSV', async () => {
    const noHeader = await api.request('POST', '/v1/contacts/import', {
      rawBody: 'foo,bar\n1,2',
      headers: { 'content-type': 'text/csv' },
    });
    expect(noHeader.body.type).toBe('/problems/missing-columns');
    expect((await api.request('POST', '/v1/contacts/import', { body: { csv: 'x' } })).status).toBe(415);
  });

  it('keeps practices apart; auditors and support neither read nor write the address book', async () => {
    const mine = await create({ name: 'Private Patient', phone: '4155550177' });
    const other = await api.otherPractice();
    const theirs = await api.token('admin', { practiceId: other.practiceId, staffId: other.adminId });
    expect((await api.request('GET', `/v1/contacts/${mine.id}`, { token: theirs })).status).toBe(404);
    expect((await api.request('GET', '/v1/contacts?q=private', { token: theirs })).body.items).toEqual([]);
    expect((await api.request('GET', '/v1/contacts?q=4155550177', { token: theirs })).body.items).toEqual([]);
    // Their address book does not see mine as a duplicate.
    expect(
      (await api.request('POST', '/v1/contacts', { token: theirs, body: { name: 'Same Phone', phone: '4155550177' } }))
        .status,
    ).toBe(201);
    // Personal data goes to whoever's job needs it: the care team, not auditors or support.
    for (const role of ['auditor', 'support'] as const) {
      const token = await api.token(role);
      expect((await api.request('GET', `/v1/contacts/${mine.id}`, { token })).status, role).toBe(403);
      expect((await api.request('GET', '/v1/contacts', { token })).status, role).toBe(403);
      expect((await api.request('GET', '/v1/invitations?status=pending', { token })).status, role).toBe(403);
      expect((await api.request('POST', '/v1/contacts', { token, body: { name: 'No' } })).status, role).toBe(403);
    }
  });
});
