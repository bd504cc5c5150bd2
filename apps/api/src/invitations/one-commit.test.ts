import type { NewEvent, StreamAppend } from '@pi/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../testing/patient-signup.fixture.js';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

/** Every write to the log: the streams and event types of each call, in the order the store took them. */
type Call = { streamId: string; types: string[] }[];

describe('one command, one commit', () => {
  let api: TestApp;
  const calls: Call[] = [];

  beforeAll(async () => {
    api = await startTestApp();
    expect((await api.request('POST', '/v1/links', { body: { label: 'Front desk', slug: 'one-commit' } })).status).toBe(
      201,
    );
    const store = api.running.runtime.events;
    const part = (streamId: string, events: readonly NewEvent[]) => ({ streamId, types: events.map((e) => e.type) });
    const append = store.append.bind(store);
    const appendMany = store.appendMany.bind(store);
    // Commits only: an attempt refused for a stale revision (delivery wrote meanwhile) is re-decided, not counted.
    const committed = <T>(call: Call, write: Promise<T>) => write.then((result) => (calls.push(call), result));
    store.append = (streamId, events, expected) =>
      committed([part(streamId, events)], append(streamId, events, expected));
    store.appendMany = (appends: readonly StreamAppend[]) =>
      committed(
        appends.map((a) => part(a.streamId, a.events)),
        appendMany(appends),
      );
  });
  afterAll(() => api.close());

  /** The calls that wrote any of these event types. */
  const writing = (...types: string[]) =>
    calls.filter((call) => call.some((p) => p.types.some((t) => types.includes(t))));

  it('records Invite New Patient (the phone and email keys, the contact, the cap, the invitation) in one append', async () => {
    const invited = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Ada One', phone: '+14155550101', email: 'ada.one@example.com' } },
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const { contactId, id: invitationId } = invited.body;
    const commits = writing('ContactCreated', 'ContactInvited', 'InviteSent', 'ReservationMade');
    expect(commits).toHaveLength(1);
    expect(commits[0]).toEqual([
      { streamId: expect.stringMatching(/^contactphone-k/), types: ['ReservationMade'] },
      { streamId: expect.stringMatching(/^contactemail-k/), types: ['ReservationMade'] },
      { streamId: `contact-${contactId}`, types: ['ContactCreated', 'ContactInvited'] },
      { streamId: `invitation-${invitationId}`, types: ['InviteSent'] },
    ]);
  });

  it('records an invitation of a known contact, and a resend, each in one append on both streams', async () => {
    const created = await api.request('POST', '/v1/contacts', {
      body: { name: 'Bo Two', email: 'bo.two@example.com' },
    });
    expect(created.status).toBe(201);
    calls.length = 0;
    const invited = await api.request('POST', '/v1/invitations', { body: { contactId: created.body.id } });
    expect(invited.status).toBe(201);
    const resent = await api.request('POST', `/v1/invitations/${invited.body.id}/resend`);
    expect(resent.status).toBe(200);
    expect(writing('ContactInvited', 'InviteSent', 'InviteResent')).toEqual([
      [
        { streamId: `contact-${created.body.id}`, types: ['ContactInvited'] },
        { streamId: `invitation-${invited.body.id}`, types: ['InviteSent'] },
      ],
      [
        { streamId: `contact-${created.body.id}`, types: ['ContactInvited'] },
        { streamId: `invitation-${invited.body.id}`, types: ['InviteResent'] },
      ],
    ]);
  });

  it('records nothing of an Invite New Patient refused for a duplicate, not even a key', async () => {
    calls.length = 0;
    const refused = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Ada Again', phone: '+1 415 555 0199', email: 'ada.one@example.com' } },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('/problems/duplicate-contact');
    // Delivery of the earlier invitations may write meanwhile; this request wrote nothing, not even a key it gave back.
    expect(writing('ReservationMade', 'ReservationReleased', 'ContactCreated', 'ContactInvited', 'InviteSent')).toEqual(
      [],
    );
    // A new phone beside a taken email: the new phone's key is not left behind either.
    const again = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Ada Again', phone: '+1 415 555 0199' } },
    });
    expect(again.status).toBe(201);
  });

  it('records a sign-up through a link (account, phone key, new contact and its keys, connection, conversation) in one append after its code', async () => {
    calls.length = 0;
    const { verified } = await signUp(api, 'one-commit', {
      name: 'Cy Three',
      phone: '+14155550177',
      email: 'cy.three@example.com',
    });
    expect(verified.body.patientId).toEqual(expect.any(String));
    // The code's own stream commits first (a wrong code counts even when nothing else is written).
    expect(writing('VerificationCodeChecked', 'PhoneVerified').length).toBeLessThanOrEqual(1);
    const commits = writing('PatientAccountCreated', 'PatientConnected', 'ContactCreated', 'ConversationStarted');
    expect(commits).toHaveLength(1);
    expect(commits[0].map((p) => [p.streamId.split('-')[0], p.types])).toEqual([
      ['patientphone', ['ReservationMade']],
      ['contactphone', ['ReservationMade']],
      ['contactemail', ['ReservationMade']],
      ['contact', ['ContactCreated', 'ContactPaired']],
      ['patient', ['PatientAccountCreated', 'PatientConnected', 'LinkClaimed']],
      ['conversation', ['ConversationStarted']],
    ]);
  });
});
