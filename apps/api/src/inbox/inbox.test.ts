import Database from 'better-sqlite3';
import { accessNow, allProjections, countInbox, inboxWhere, listInbox, readableBy } from '@pi/projections';
import { ProjectionEngine, rebuildProjection } from '@pi/read-store';
import { SqliteDocumentStore } from '@pi/read-store/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, signUp } from '../testing/patient-signup.fixture.js';
import { signInPatient, type PatientBrowser } from '../testing/patient-web.fixture.js';
import { startTestApp, testClock, type ApiResponse, type TestApp } from '../testing/test-app.fixture.js';

/**
 * The help pages' Spruce Links rules over HTTP: a team owns a link with
 * auto-assign, a patient writes to it on the web, the team finds it in
 * "Assigned to <team>" and not in main, a non-member gets 404 everywhere the
 * conversation or the patient shows, members come and go, and who could read
 * it is answered for any date.
 */
describe('the inbox and who may read a conversation', () => {
  const started = Date.now();
  const clock = testClock(started);
  let api: TestApp;
  let nurse: string;
  let bob: string;
  let bobId: string;
  let cat: string;
  let catId: string;
  let teamId: string;
  let fluLinkId: string;
  let fluConversation: string;
  let fluPatient: string;
  let fluContact: string;
  let openConversation: string;
  let patient: PatientBrowser;
  let head = '0';

  const ok = (response: ApiResponse, status = 200) => {
    expect(response.status, response.text).toBe(status);
    if (typeof response.body === 'object' && response.body && 'position' in response.body)
      head = String((response.body as { position: string }).position);
    return response.body;
  };
  /** Reads after everything written so far. */
  const read = async (path: string, token?: string) => {
    const latest = (await api.running.runtime.events.head())?.position.toString() ?? head;
    return api.request('GET', path, { token, headers: { 'X-Consistent-After': latest } });
  };
  const ids = (response: ApiResponse) => (response.body.items as { id: string }[]).map((item) => item.id).sort();

  beforeAll(async () => {
    api = await startTestApp({}, { clock });
    nurse = await api.token('staff');
    const newStaff = async (name: string) =>
      ok(
        await api.request('POST', '/v1/staff', {
          body: { name, email: `${name.toLowerCase()}@clinic.example`, role: 'staff' },
        }),
        201,
      ).id as string;
    bobId = await newStaff('Bob');
    catId = await newStaff('Cat');
    bob = await api.token('staff', { staffId: bobId });
    cat = await api.token('staff', { staffId: catId });
    teamId = ok(await api.request('POST', '/v1/teams', { body: { name: 'Front desk' } }), 201).id;
    ok(await api.request('POST', `/v1/teams/${teamId}/members`, { body: { staffId: api.demo.staff.staff } }), 201);
    fluLinkId = (
      await createLink(api, 'flu-clinic', {
        owner: { type: 'team', id: teamId },
        autoAssign: true,
        conversationTag: 'Flu',
      })
    ).id;
    await createLink(api, 'open-clinic');
    const flu = await signUp(api, 'flu-clinic', { name: 'Ada Flu', phone: '+14155550111', email: 'ada@example.com' });
    fluConversation = flu.verified.body.conversationId;
    fluPatient = flu.verified.body.patientId;
    const open = await signUp(api, 'open-clinic', {
      name: 'Ben Open',
      phone: '+14155550112',
      email: 'ben@example.com',
    });
    openConversation = open.verified.body.conversationId;
    fluContact = (await read(`/v1/conversations/${fluConversation}`, nurse)).body.patient.contactId;
    clock.advance(61);
    patient = await signInPatient(api, '+14155550111', 'flu-clinic');
  });
  afterAll(() => api?.close());

  it('a patient writing to the team\'s link lands in "Assigned to Front desk", with the link\'s tag, not in main', async () => {
    clock.advance(60);
    expect(await patient.writeTo('flu-clinic', 'I have had a fever since Sunday.')).toBe(fluConversation);
    const team = await read(`/v1/inbox?view=team:${teamId}`, nurse);
    expect(team.body.items).toEqual([
      expect.objectContaining({
        id: fluConversation,
        patient: { id: fluPatient, name: 'Ada Flu' },
        link: { id: fluLinkId, label: 'flu-clinic' },
        tags: ['Flu'],
        assignee: { type: 'team', id: teamId, name: 'Front desk' },
        identityStatus: 'unverified_link',
        lastMessage: expect.objectContaining({ preview: 'I have had a fever since Sunday.', from: 'patient' }),
        unread: true,
      }),
    ]);
    expect(ids(await read('/v1/inbox?view=main', nurse))).toEqual([openConversation]);
    expect(ids(await read('/v1/inbox?view=all&tag=Flu', nurse))).toEqual([fluConversation]);
    expect(ids(await read(`/v1/inbox?view=all&linkId=${fluLinkId}`, nurse))).toEqual([fluConversation]);
    const counts = (await read('/v1/inbox/counts', nurse)).body.views;
    expect(counts).toEqual(
      expect.arrayContaining([
        { view: 'main', name: null, open: 1, unread: 0 },
        { view: `team:${teamId}`, name: 'Front desk', open: 1, unread: 1 },
        { view: 'all', name: null, open: 2, unread: 1 },
      ]),
    );
  });

  it('a staff member who is neither owner nor member gets 404 for the conversation, its messages, its patient and card', async () => {
    for (const path of [
      `/v1/conversations/${fluConversation}`,
      `/v1/conversations/${fluConversation}/messages`,
      `/v1/patients/${fluPatient}`,
      `/v1/contacts/${fluContact}`,
    ]) {
      expect((await read(path, bob)).status, path).toBe(404);
      expect((await read(path, nurse)).status, path).toBe(200);
    }
    const written = await api.request('POST', `/v1/conversations/${fluConversation}/messages`, {
      token: bob,
      body: { text: 'Hello' },
    });
    expect(written.status).toBe(404);
    expect(ids(await read('/v1/inbox?view=all', bob))).toEqual([openConversation]);
    expect(ids(await read('/v1/conversations', bob))).toEqual([openConversation]);
    expect((await read('/v1/contacts?limit=200', bob)).body.items.map((c: { id: string }) => c.id)).not.toContain(
      fluContact,
    );
    expect(JSON.stringify((await read('/v1/inbox/changes', bob)).body)).not.toContain('Ada');
  });

  it('staff write, the patient reads it on the web, read marks clear unread, archive and a new patient message reopen', async () => {
    clock.advance(60);
    const sent = ok(
      await api.request('POST', `/v1/conversations/${fluConversation}/messages`, {
        token: nurse,
        body: { text: 'Please come in at 3pm.' },
      }),
      201,
    );
    expect(sent.id).toMatch(/^[0-9a-f-]{36}$/);
    const messages = (await read(`/v1/conversations/${fluConversation}/messages`, nurse)).body.items;
    expect(
      messages.map((m: { text: string; author: { type: string; name: string } }) => [
        m.author.type,
        m.author.name,
        m.text,
      ]),
    ).toEqual([
      ['patient', 'Ada Flu', 'I have had a fever since Sunday.'],
      ['staff', 'Demo Nurse', 'Please come in at 3pm.'],
    ]);
    const page = await patient.get(`/p/conversations/${fluConversation}`);
    expect(page.text).toContain('Please come in at 3pm.');
    expect((await read(`/v1/inbox?view=team:${teamId}`, nurse)).body.items[0].unread).toBe(false);

    ok(await api.request('POST', `/v1/conversations/${fluConversation}/archive`, { token: nurse }));
    expect(ids(await read(`/v1/inbox?view=team:${teamId}`, nurse))).toEqual([]);
    expect(ids(await read(`/v1/inbox?view=team:${teamId}&status=archived`, nurse))).toEqual([fluConversation]);
    const cursor = (await read('/v1/inbox/changes', nurse)).body.cursor;
    clock.advance(60);
    const reply = await patient.post(`/p/conversations/${fluConversation}/messages`, {
      text: 'Thank you, see you then.',
      csrf: /name="csrf" value="([^"]+)"/.exec(page.text)![1],
    });
    expect(reply.status).toBe(303);
    const team = await read(`/v1/inbox?view=team:${teamId}`, nurse);
    expect(team.body.items).toEqual([expect.objectContaining({ id: fluConversation, status: 'open', unread: true })]);
    const changes = await read(`/v1/inbox/changes?cursor=${cursor}`, nurse);
    expect(ids(changes)).toEqual([fluConversation]);
    ok(await api.request('POST', `/v1/conversations/${fluConversation}/read`, { token: nurse }));
    expect((await read(`/v1/conversations/${fluConversation}`, nurse)).body.unread).toBe(false);
  });

  it("a form without the session's CSRF token changes nothing", async () => {
    const before = await api.eventCount();
    const forged = await patient.post('/flu-clinic/message', { text: 'forged', csrf: 'nope' });
    expect(forged.status).toBe(403);
    expect(await api.eventCount()).toBe(before);
  });

  it('members come and go: new members get existing conversations; removed ones keep those they were in, and not later ones', async () => {
    clock.advance(3600);
    const beforeMember = clock.now().toISOString();
    clock.advance(60);
    ok(await api.request('POST', `/v1/links/${fluLinkId}/members`, { body: { staffId: bobId } }), 201);
    expect((await read(`/v1/conversations/${fluConversation}`, bob)).status).toBe(200);
    clock.advance(60);
    const whileMember = clock.now().toISOString();
    clock.advance(60);
    ok(await api.request('DELETE', `/v1/links/${fluLinkId}/members/${bobId}`));
    clock.advance(60);
    const afterRemoval = clock.now().toISOString();
    // Still his: he was in it.
    expect((await read(`/v1/conversations/${fluConversation}`, bob)).status).toBe(200);
    // A conversation started after he left is not.
    clock.advance(60);
    const later = await signUp(api, 'flu-clinic', { name: 'Cy Later', phone: '+14155550113', email: 'cy@example.com' });
    expect((await read(`/v1/conversations/${later.verified.body.conversationId}`, bob)).status).toBe(404);
    expect((await read(`/v1/conversations/${later.verified.body.conversationId}`, nurse)).status).toBe(200);

    const readers = async (at: string, path = `/v1/conversations/${fluConversation}/access`, token?: string) =>
      Object.fromEntries(
        (await read(`${path}?at=${encodeURIComponent(at)}`, token)).body.readers.map(
          (r: { name: string; reasons: string[] }) => [r.name, r.reasons],
        ),
      );
    // The nurse is on the owning team, and wrote in it.
    const nurseReasons = ['owning_team_member', 'in_conversation'];
    expect(await readers(beforeMember)).toEqual({ 'Demo Nurse': nurseReasons });
    expect(await readers(whileMember)).toEqual({ 'Demo Nurse': nurseReasons, Bob: ['link_member'] });
    expect(await readers(afterRemoval)).toEqual({ 'Demo Nurse': nurseReasons, Bob: ['in_conversation'] });
    // The auditor asks the same question through the audit, and gets the same answer.
    const auditor = await api.token('auditor');
    expect(await readers(whileMember, `/v1/audit/conversations/${fluConversation}/access`, auditor)).toEqual({
      'Demo Nurse': nurseReasons,
      Bob: ['link_member'],
    });
    expect((await read(`/v1/conversations/${fluConversation}`, auditor)).status).toBe(403);
    const before = await read(
      `/v1/conversations/${fluConversation}/access?at=${new Date(started - 3600_000).toISOString()}`,
    );
    expect(before.body).toMatchObject({ started: false, readers: [] });
  });

  it('assigning puts the assignee in the conversation, in their "Mine"; the main inbox loses it', async () => {
    ok(
      await api.request('PUT', `/v1/conversations/${openConversation}/assignee`, {
        token: nurse,
        body: { assignee: { type: 'staff', id: catId } },
      }),
    );
    expect(ids(await read('/v1/inbox?view=mine', cat))).toEqual([openConversation]);
    expect(ids(await read('/v1/inbox?view=main', nurse))).toEqual([]);
    const unknown = await api.request('PUT', `/v1/conversations/${openConversation}/assignee`, {
      token: nurse,
      body: { assignee: { type: 'team', id: 'no-such-team' } },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.type).toMatch(/unknown-assignee$/);
    ok(
      await api.request('POST', `/v1/conversations/${openConversation}/tags`, { token: cat, body: { tag: 'Billing' } }),
    );
    expect(ids(await read('/v1/inbox?view=mine&tag=Billing', cat))).toEqual([openConversation]);
    ok(await api.request('DELETE', `/v1/conversations/${openConversation}/tags/Billing`, { token: cat }));
    ok(await api.request('DELETE', `/v1/conversations/${openConversation}/assignee`, { token: cat }));
    expect(ids(await read('/v1/inbox?view=main', nurse))).toEqual([openConversation]);
  });

  it("saved filters are their owner's, with their counts", async () => {
    const saved = ok(
      await api.request('POST', '/v1/inbox/filters', { token: nurse, body: { name: 'Flu', tags: ['Flu'] } }),
      201,
    );
    expect((await read('/v1/inbox/filters', nurse)).body.items).toEqual([
      { id: saved.id, name: 'Flu', tags: ['Flu'], linkId: null },
    ]);
    expect((await read('/v1/inbox/filters', bob)).body.items).toEqual([]);
    // One filter: its owner's to read; anyone else's answer is 404, as for an id that never existed.
    expect((await read(`/v1/inbox/filters/${saved.id}`, nurse)).body).toEqual({
      id: saved.id,
      name: 'Flu',
      tags: ['Flu'],
      linkId: null,
    });
    const notTheirs = await api.request('GET', `/v1/inbox/filters/${saved.id}`, { token: bob });
    expect(notTheirs.status).toBe(404);
    expect(notTheirs.body.type).toBe('/problems/inbox-filter-not-found');
    const counts = (await read('/v1/inbox/counts', nurse)).body.views;
    // Ada's (read) and Cy's (no message yet): both tagged Flu by the link.
    expect(counts).toContainEqual({ view: `filter:${saved.id}`, name: 'Flu', open: 2, unread: 0 });
    expect((await api.request('DELETE', `/v1/inbox/filters/${saved.id}`, { token: bob })).status).toBe(404);
    ok(await api.request('DELETE', `/v1/inbox/filters/${saved.id}`, { token: nurse }));
    const bad = await api.request('POST', '/v1/inbox/filters', { token: nurse, body: { name: 'Empty' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'tags', messages: ['a filter needs at least one tag or a link'] }]);
    // Another practice's link does not exist here: a filter naming it is refused as its route would answer.
    const other = await api.otherPractice();
    const theirs = await api.request('POST', '/v1/links', {
      token: await other.token('admin'),
      body: { label: 'Theirs', slug: 'their-filter-link' },
    });
    const naming = await api.request('POST', '/v1/inbox/filters', {
      token: nurse,
      body: { name: 'Theirs', linkId: theirs.body.id },
    });
    expect(naming.status).toBe(404);
    expect(naming.body.type).toMatch(/link-not-found$/);
  });

  it('answers the same from read models rebuilt from the log alone', async () => {
    const head = (await api.running.runtime.events.head())!.position;
    await api.running.runtime.readModels.waitFor(api.running.runtime.readModels.names, head, 5000);
    const rebuilt = new ProjectionEngine(
      api.running.runtime.events,
      new SqliteDocumentStore(new Database(':memory:')),
      allProjections,
      {
        runProjections: false,
      },
    );
    for (const projection of allProjections)
      await rebuildProjection(projection, api.running.runtime.events, rebuilt.store);
    await rebuilt.start();
    const live = api.running.runtime.readModels;
    const practiceId = api.demo.practiceId;
    for (const staffId of [api.demo.staff.staff, api.demo.staff.admin, bobId, catId]) {
      for (const view of [{ kind: 'main' }, { kind: 'mine' }, { kind: 'all' }] as const) {
        const answer = async (engine: ProjectionEngine) => {
          const access = await accessNow(engine, practiceId);
          const where = inboxWhere(practiceId, staffId, { view, status: 'open' });
          const page = await listInbox(engine, readableBy(access, staffId), where, { limit: 100 });
          return { ids: page.items.map((doc) => doc.id), counts: await countInbox(engine, access, staffId, where) };
        };
        expect(await answer(rebuilt), `${staffId} ${view.kind}`).toEqual(await answer(live));
      }
    }
    await rebuilt.stop();
  });

  it('refuses a view it does not know, naming the parameter', async () => {
    const bad = await read('/v1/inbox?view=everything', nurse);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('view must be main, mine, all or team:<teamId>');
    const when = await read(`/v1/conversations/${fluConversation}/access?at=last-tuesday`);
    expect(when.status).toBe(400);
    expect(when.body.errors).toEqual([{ field: 'at', messages: [expect.stringMatching(/ISO 8601/)] }]);
  });
});
