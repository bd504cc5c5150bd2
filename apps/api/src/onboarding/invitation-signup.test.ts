import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, invitationToken, latestCode, postForm, signUp } from '../testing/patient-signup.fixture.js';
import { startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';

describe('web signup through an invitation', () => {
  const clock = testClock();
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({}, { clock });
    await createLink(api, 'invite-clinic', { conversationTag: 'invited' });
  });
  afterAll(() => api.close());

  const invite = async (contact: { name: string; phone?: string; email?: string }) => {
    const sent = await api.request('POST', '/v1/invitations', { body: { contact } });
    expect(sent.status, sent.text).toBe(201);
    return {
      invitationId: sent.body.id as string,
      contactId: sent.body.contactId as string,
      position: sent.body.position as string,
    };
  };
  const invitation = async (id: string, position: string) =>
    (await api.request('GET', `/v1/invitations/${id}`, { headers: { 'X-Consistent-After': position } })).body;

  it('pairs the invited contact when the patient proves its phone: verified by invite, and the invitation is accepted', async () => {
    const sent = await invite({ name: 'Mary Jackson', phone: '(415) 555-0120' });
    const token = await invitationToken(api, '+14155550120');
    // A mail scanner (or the patient) opening the link redeems nothing: only the POST below does.
    await fetch(`${api.url}/invite-clinic?i=${token}`, {
      headers: { 'user-agent': 'Mozilla/5.0 (compatible; Outlook SafeLinks)' },
    });
    await fetch(`${api.url}/invite-clinic/connect?i=${token}`);
    const head = (await api.running.runtime.events.head())!.position.toString();
    expect((await invitation(sent.invitationId, head)).status).toBe('pending');

    const { verified } = await signUp(
      api,
      'invite-clinic',
      { name: 'Mary Jackson', phone: '+14155550120', email: 'mary@example.com' },
      { i: token },
    );
    const consistent = { headers: { 'X-Consistent-After': verified.body.position } };
    const card = await api.request('GET', `/v1/contacts/${sent.contactId}`, consistent);
    expect(card.body).toMatchObject({
      status: 'connected',
      patient: {
        patientId: verified.body.patientId,
        via: 'invitation',
        contactMatch: 'invitation',
        invitationId: sent.invitationId,
        identity: { status: 'verified_by_invite', provenBy: 'phone', notice: null },
      },
    });
    expect(card.body.patient.account).toEqual({
      name: 'Mary Jackson',
      phone: '+14155550120',
      email: 'mary@example.com',
    });
    const accepted = await invitation(sent.invitationId, verified.body.position);
    expect(accepted.status).toBe('accepted');
    expect(accepted.timeline.map((t: { what: string }) => t.what)).toContain('accepted');
    const types = (await api.running.runtime.events.readAll()).map((e) => e.type);
    expect(types).toContain('InviteAccepted');
    expect(types.filter((t) => t === 'LinkClaimed')).toHaveLength(0);
    const conversation = await api.request('GET', `/v1/conversations/${verified.body.conversationId}`, consistent);
    expect(conversation.body).toMatchObject({
      via: 'invitation',
      tags: ['invited'],
      identityStatus: 'verified_by_invite',
      assignee: null,
      inbox: 'main',
    });

    // Connected: staff message them instead of inviting again.
    const again = await api.request('POST', '/v1/invitations', { body: { contactId: sent.contactId } });
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/patient-already-connected$/);
    const bulk = await api.request('POST', '/v1/invitations/bulk', { body: { contactIds: [sent.contactId] } });
    expect(bulk.body.results[0]).toMatchObject({ outcome: 'skipped', reason: 'connected' });
  });

  it('does not pair the invited contact when the patient proves a different phone: joined by link, invitation still pending', async () => {
    const sent = await invite({ name: 'Dorothy Vaughan', phone: '(415) 555-0121' });
    const token = await invitationToken(api, '+14155550121');
    clock.advance(61);
    const { verified } = await signUp(
      api,
      'invite-clinic',
      { name: 'Dorothy Vaughan', phone: '+14155550122', email: 'dorothy@example.com' },
      { i: token },
    );
    const consistent = { headers: { 'X-Consistent-After': verified.body.position } };
    const patient = await api.request('GET', `/v1/patients/${verified.body.patientId}`, consistent);
    expect(patient.body).toMatchObject({
      via: 'link',
      contactMatch: 'created',
      identity: { status: 'unverified_link' },
    });
    expect(patient.body.contactId).not.toBe(sent.contactId);
    expect((await invitation(sent.invitationId, verified.body.position)).status).toBe('pending');
    const claims = (await api.running.runtime.events.readAll()).filter((e) => e.type === 'LinkClaimed');
    expect(claims.at(-1)!.data).toMatchObject({ invitationTokenUnproven: true });
  });

  it('accepts an email-only invitation when the patient signs up with that email (the token went only there)', async () => {
    const sent = await invite({ name: 'Annie Easley', email: 'annie@Example.org' });
    const token = await invitationToken(api, 'annie@Example.org');
    const { verified } = await signUp(
      api,
      'invite-clinic',
      { name: 'Annie Easley', phone: '+14155550123', email: 'annie@example.org' },
      { i: token },
    );
    const patient = await api.request('GET', `/v1/patients/${verified.body.patientId}`, {
      headers: { 'X-Consistent-After': verified.body.position },
    });
    expect(patient.body).toMatchObject({
      contactId: sent.contactId,
      identity: { status: 'verified_by_invite', provenBy: 'email', checks: { email: 'match', phone: 'not_on_record' } },
    });
  });

  it('never redeems an old token after a resend', async () => {
    const sent = await invite({ name: 'Christine Darden', phone: '(415) 555-0124' });
    const old = await invitationToken(api, '+14155550124');
    clock.advance(61);
    const resent = await api.request('POST', `/v1/invitations/${sent.invitationId}/resend`);
    expect(resent.status, resent.text).toBe(200);
    const { verified } = await signUp(
      api,
      'invite-clinic',
      { name: 'Christine Darden', phone: '+14155550124', email: 'christine@example.com' },
      { i: old },
    );
    const patient = await api.request('GET', `/v1/patients/${verified.body.patientId}`, {
      headers: { 'X-Consistent-After': verified.body.position },
    });
    // Matched by phone to the same contact, but only "matched, unverified": the stale token proves nothing.
    expect(patient.body).toMatchObject({
      contactId: sent.contactId,
      via: 'link',
      contactMatch: 'phone',
      identity: { status: 'unverified_link' },
    });
  });

  it('finishes a signup that failed half-way when the patient sends the same code again, duplicating nothing', async () => {
    const sent = await invite({ name: 'Katherine Coleman', phone: '(415) 555-0125' });
    const token = await invitationToken(api, '+14155550125');
    clock.advance(61);
    const started = await postForm(api, '/invite-clinic/signup', {
      name: 'Katherine Coleman',
      phone: '+14155550125',
      email: 'kc@example.com',
      consent: 'yes',
      i: token,
    });
    const code = await latestCode(api, '+14155550125');
    // The process fails after the connection is recorded, before the invitation and the conversation: the
    // command's streams written one after another, as the KurrentDB adapter writes them (SQLite commits them as one).
    const store = api.running.runtime.events;
    const appendMany = store.appendMany.bind(store);
    let failures = 0;
    store.appendMany = async (appends) => {
      const results = [];
      for (const part of appends) {
        if (part.streamId === `invitation-${sent.invitationId}` && failures++ === 0) throw new Error('disk unplugged');
        results.push(await store.append(part.streamId, part.events, part.expected));
      }
      return results;
    };
    try {
      const failed = await postForm(api, '/invite-clinic/verify', { ref: started.body.ref, code });
      expect(failed.status).toBe(500);
      const retried = await postForm(api, '/invite-clinic/verify', { ref: started.body.ref, code });
      expect(retried.status, retried.text).toBe(200);
      expect(retried.body.alreadyConnected).toBe(true);
      const events = (await api.running.runtime.events.readAll({ maxCount: 100_000 })).filter((e) =>
        JSON.stringify(e.data).includes(retried.body.patientId),
      );
      const count = (type: string) => events.filter((e) => e.type === type).length;
      expect([
        count('PatientAccountCreated'),
        count('PatientConnected'),
        count('InviteAccepted'),
        count('ConversationStarted'),
      ]).toEqual([1, 1, 1, 1]);
    } finally {
      store.appendMany = appendMany;
    }
  });

  it('keeps a patient form post from redeeming anything on GET', async () => {
    // The route answers POST alone: a GET (a prefetch, a link checker) is told so, and redeems nothing.
    const response = await fetch(`${api.url}/invite-clinic/verify`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect((await postForm(api, '/invite-clinic/verify', { ref: 'garbage', code: '123456' })).status).toBe(404);
  });
});
