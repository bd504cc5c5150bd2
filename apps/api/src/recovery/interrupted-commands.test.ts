import type { EventStore, NewEvent } from '@pi/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_COLLECTION } from '../http/idempotency.interceptor.js';
import { latestCode, postForm } from '../testing/patient-signup.fixture.js';
import { eventually as until, startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';

/** What a failing disk throws (better-sqlite3's SqliteError carries the code). */
const diskError = () => Object.assign(new Error('disk I/O error'), { name: 'SqliteError', code: 'SQLITE_IOERR' });

/**
 * Makes the store refuse the appends `plan` picks (the same process goes on,
 * as after a write error; a kill is covered by the crash test). `plan` sees
 * each stream written, in order, and says which to refuse.
 *
 * A command's appends to several streams are written one after another, as
 * the KurrentDB adapter writes them (SQLite's and PostgreSQL's `appendMany` is
 * one commit, all or nothing: one-commit.test.ts): what this suite tests is
 * how a command cut short between its streams is finished.
 */
function refuseAppends(
  events: EventStore,
  plan: (streamId: string, written: readonly NewEvent[]) => boolean,
): () => void {
  const append = events.append.bind(events);
  const appendMany = events.appendMany.bind(events);
  events.append = (streamId, written, expected) =>
    plan(streamId, written) ? Promise.reject(diskError()) : append(streamId, written, expected);
  events.appendMany = async (appends) => {
    const results = [];
    for (const part of appends) results.push(await events.append(part.streamId, part.events, part.expected));
    return results;
  };
  return () => {
    events.append = append;
    events.appendMany = appendMany;
  };
}

describe('multi-stream commands cut short between their writes', () => {
  let api: TestApp;
  const clock = testClock();
  beforeAll(async () => {
    api = await startTestApp({ DELIVERY_RETRY_BASE_MS: '10' }, { clock });
    await api.request('POST', '/v1/links', { body: { label: 'Front desk', slug: 'interrupted-clinic' } });
    // Bulk sends wait for the practice's sending window; these tests run at any hour, so it never closes here (reminders.test.ts holds them).
    await api.request('PUT', '/v1/practice/invite-settings', {
      body: { sendingWindow: { from: '00:00', until: '24:00' } },
    });
  });
  afterAll(() => api.close());

  const events = () => api.running.runtime.events;
  const messagesTo = async (to: string) => (await api.outbox()).filter((m: { to: string }) => m.to === to);
  /** The contact's pending invitations, read once the read models have every event the log holds now. */
  const invitationsOf = async (contactId: string) =>
    (
      (
        await api.request('GET', '/v1/invitations?status=pending&limit=200', {
          headers: { 'X-Consistent-After': String((await api.running.runtime.events.head())?.position ?? 0) },
        })
      ).body.items as {
        id: string;
        contactId: string;
      }[]
    ).filter((i) => i.contactId === contactId);
  const contactByPhone = async (phone: string) =>
    (
      (await api.request('GET', `/v1/contacts?q=${encodeURIComponent(phone)}`)).body.items as {
        id: string;
        status: string;
      }[]
    )[0];

  it('Invite New Patient: the invitation’s write fails after the contact’s; the send is finished from the log, once', async () => {
    const restore = refuseAppends(events(), (stream) => stream.startsWith('invitation-'));
    const response = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Half Applied', phone: '4155550301' } },
    });
    restore();
    // A full or failing disk is not a bug: 503 with Retry-After, not 500.
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.body.type).toBe('/problems/storage-unavailable');
    const contact = await until(
      () => contactByPhone('+14155550301'),
      (c) => c !== undefined,
    );
    const invitations = await until(
      () => invitationsOf(contact.id),
      (list) => list.length > 0,
    );
    expect(invitations).toHaveLength(1);
    expect(
      (
        await until(
          () => contactByPhone('+14155550301'),
          (c) => c?.status === 'invited',
        )
      ).status,
    ).toBe('invited');
    const texts = await until(
      () => messagesTo('+14155550301'),
      (list) => list.length > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(texts).toHaveLength(1);
    expect(await messagesTo('+14155550301')).toHaveLength(1);
  });

  it('Invite New Patient retried with its Idempotency-Key finishes the first attempt: same ids, one contact, one invitation, one message', async () => {
    const headers = { 'Idempotency-Key': 'interrupted-invite-new-1' };
    const body = { contact: { name: 'Retried Patient', phone: '4155550302' } };
    const restore = refuseAppends(events(), (stream) => stream.startsWith('invitation-'));
    expect((await api.request('POST', '/v1/invitations', { body, headers })).status).toBe(503);
    restore();
    const retry = await api.request('POST', '/v1/invitations', { body, headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    const contact = await until(
      () => contactByPhone('+14155550302'),
      (c) => c !== undefined,
    );
    expect(retry.body.contactId).toBe(contact.id);
    expect((await invitationsOf(contact.id)).map((i) => i.id)).toEqual([retry.body.id]);
    const again = await api.request('POST', '/v1/invitations', { body, headers });
    expect(again.body).toEqual(retry.body);
    await until(
      () => messagesTo('+14155550302'),
      (list) => list.length > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 2500)); // past the grace of the process that finishes sends
    expect(await messagesTo('+14155550302')).toHaveLength(1);
  });

  it('a crash after the command but before its Idempotency-Key answer was stored: the retry answers as the first would have, recording nothing new', async () => {
    const contactId = (
      await api.request('POST', '/v1/contacts', { body: { name: 'Stored Late', email: 'late@interrupted.example' } })
    ).body.id;
    const headers = { 'Idempotency-Key': 'interrupted-answer-1' };
    const store = api.running.runtime.readModels.store;
    const commit = store.commit.bind(store);
    store.commit = (writes, checkpoint) =>
      writes.some((w) => w.collection === IDEMPOTENCY_COLLECTION)
        ? Promise.reject(diskError())
        : commit(writes, checkpoint);
    const first = await api.request('POST', '/v1/invitations', { body: { contactId }, headers });
    store.commit = commit;
    expect(first.status).toBe(503);
    // Delivery runs behind and records its own events: let it finish before counting.
    await until(
      () => messagesTo('late@interrupted.example'),
      (list) => list.length > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = await api.eventCount();
    const retry = await api.request('POST', '/v1/invitations', { body: { contactId }, headers });
    expect(retry.status).toBe(201);
    expect(await api.eventCount()).toBe(before);
    expect((await invitationsOf(contactId)).map((i) => i.id)).toEqual([retry.body.id]);
  });

  it('bulk invites retried with their Idempotency-Key send each contact exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push(
        (
          await api.request('POST', '/v1/contacts', {
            body: { name: `Bulk Cut ${i}`, email: `bulk-cut-${i}@interrupted.example` },
          })
        ).body.id,
      );
    const headers = { 'Idempotency-Key': 'interrupted-bulk-1' };
    let invitationWrites = 0;
    // The request's own sends: the delivery of those already made writes to the same streams meanwhile.
    const restore = refuseAppends(
      events(),
      (stream, written) =>
        stream.startsWith('invitation-') && written[0]?.type === 'InviteSent' && ++invitationWrites === 3,
    );
    expect((await api.request('POST', '/v1/invitations/bulk', { body: { contactIds: ids }, headers })).status).toBe(
      503,
    );
    restore();
    const retry = await api.request('POST', '/v1/invitations/bulk', { body: { contactIds: ids }, headers });
    expect(retry.status).toBe(200);
    expect(retry.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['sent', 'sent', 'sent', 'sent']);
    for (const [i, id] of ids.entries()) {
      expect(await invitationsOf(id)).toHaveLength(1);
      expect(
        (
          await until(
            () => messagesTo(`bulk-cut-${i}@interrupted.example`),
            (list) => list.length > 0,
          )
        ).length,
      ).toBe(1);
    }
  });

  it('a contact whose write and whose key release both failed: its phone is free again after the grace period, never blocked for good', async () => {
    // Fail the contact's write, then the release of its phone key (the compensation): the key is held by nobody.
    let reservations = 0;
    const restore = refuseAppends(
      events(),
      (stream) => stream.startsWith('contact-') || (stream.startsWith('contactphone-') && ++reservations === 2),
    );
    const csv = ['name,phone', 'Ghost Row,4155550303'].join('\n');
    expect(
      (await api.request('POST', '/v1/contacts/import', { rawBody: csv, headers: { 'content-type': 'text/csv' } }))
        .status,
    ).toBe(503);
    restore();
    const blocked = await api.request('POST', '/v1/contacts', { body: { name: 'Real Person', phone: '4155550303' } });
    expect(blocked.status, 'within the grace period the key still waits for its holder').toBe(409);
    expect((await api.request('GET', `/v1/contacts/${blocked.body.existingContactId}`)).status).toBe(404);
    clock.advance(31);
    const created = await api.request('POST', '/v1/contacts', { body: { name: 'Real Person', phone: '4155550303' } });
    expect(created.status).toBe(201);
  });

  it('a signup whose conversation write fails after the connection: finished from the log, even if the patient never tries again', async () => {
    const sent = await postForm(api, '/interrupted-clinic/signup', {
      name: 'Gone Quiet',
      phone: '+14155550304',
      email: 'quiet@interrupted.example',
      consent: 'yes',
    });
    expect(sent.status, sent.text).toBe(200);
    const code = await latestCode(api, '+14155550304');
    const restore = refuseAppends(events(), (stream) => stream.startsWith('conversation-'));
    const verified = await postForm(api, '/interrupted-clinic/verify', { ref: sent.body.ref, code });
    restore();
    expect(verified.status).toBe(503);
    const ofPatient = async () => {
      const all = await events().readAll({ maxCount: 100_000 });
      const connected = all.find(
        (e) =>
          e.type === 'PatientConnected' && (e.data as { account: { phone: string } }).account.phone === '+14155550304',
      );
      const patientId = (connected?.data as { patientId?: string } | undefined)?.patientId;
      return all.filter((e) => patientId && JSON.stringify(e.data).includes(patientId)).map((e) => e.type);
    };
    const types = await until(ofPatient, (list) => list.includes('ConversationStarted'));
    expect(types.filter((t) => t === 'PatientConnected')).toHaveLength(1);
    expect(types.filter((t) => t === 'ContactPaired')).toHaveLength(1);
    expect(types.filter((t) => t === 'ConversationStarted')).toHaveLength(1);
  });
});
