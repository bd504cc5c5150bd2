import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, latestCode, postForm, signUp } from '../testing/patient-signup.fixture.js';
import { startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';

async function typesOf(api: TestApp): Promise<string[]> {
  const events = await api.running.runtime.events.readAll();
  return events.map((e) => e.type);
}

describe('web signup through a link', () => {
  const clock = testClock();
  let api: TestApp;
  let linkId: string;
  beforeAll(async () => {
    // These tests stand behind a proxy on loopback that names the client in X-Forwarded-For.
    api = await startTestApp({ TRUST_PROXY: 'loopback' }, { clock });
    const link = await createLink(api, 'brown-clinic', {
      owner: { type: 'staff', id: api.demo.staff.staff },
      autoAssign: true,
      conversationTag: 'new-patient',
      contactTag: 'from_link',
    });
    linkId = link.id;
  });
  afterAll(() => api.close());

  it('texts a code, connects the patient on the right code, and starts a tagged, auto-assigned conversation', async () => {
    const { verified } = await signUp(api, 'brown-clinic', {
      name: 'Ada Lovelace',
      phone: '+14155550101',
      email: 'ada@example.com',
    });
    expect(verified.body).toMatchObject({
      status: 'connected',
      practice: 'Demo Family Practice',
      alreadyConnected: false,
    });
    const { patientId, conversationId } = verified.body;

    // The link's owner reads its conversations (the admin is neither owner nor member).
    const consistent = { token: await api.token('staff'), headers: { 'X-Consistent-After': verified.body.position } };
    const conversation = await api.request('GET', `/v1/conversations/${conversationId}`, consistent);
    expect(conversation.status, conversation.text).toBe(200);
    expect(conversation.body).toMatchObject({
      id: conversationId,
      linkId,
      via: 'link',
      tags: ['new-patient'],
      assignee: { type: 'staff', id: api.demo.staff.staff },
      inbox: `staff:${api.demo.staff.staff}`,
      identityStatus: 'unverified_link',
      patient: {
        patientId,
        via: 'link',
        contactMatch: 'created',
        account: { name: 'Ada Lovelace', phone: '+14155550101', email: 'ada@example.com' },
      },
    });
    expect(conversation.body.identityNotice).toMatch(/Verify their identity before sharing health information/);
    expect(
      (await api.request('GET', '/v1/conversations', consistent)).body.items.map((c: { id: string }) => c.id),
    ).toContain(conversationId);

    // A new contact from the link, with the link's contact tags, paired with the patient.
    const contactId = conversation.body.patient.contactId;
    const card = await api.request('GET', `/v1/contacts/${contactId}`, consistent);
    expect(card.body).toMatchObject({
      source: 'link',
      tags: ['from_link'],
      status: 'connected',
      connected: true,
      patient: {
        patientId,
        identity: {
          status: 'unverified_link',
          checks: { phone: 'not_on_record', email: 'not_on_record', name: 'not_on_record' },
        },
      },
    });

    const types = await typesOf(api);
    for (const type of [
      'VerificationCodeSent',
      'PhoneVerified',
      'PatientAccountCreated',
      'ContactCreated',
      'ContactPaired',
      'PatientConnected',
      'LinkClaimed',
      'ConversationStarted',
      'ConversationAssigned',
    ])
      expect(types).toContain(type);
  });

  it('matches an existing contact by verified phone in any format, recording what matched; nothing about the contact reaches the patient', async () => {
    const existing = await api.request('POST', '/v1/contacts', {
      body: { name: 'Grace Hopper', phone: '(415) 555-0102', email: 'grace@navy.example' },
    });
    const { verified } = await signUp(api, 'brown-clinic', {
      name: 'Grace B. Hopper',
      phone: '+14155550102',
      email: 'grace@home.example',
    });
    expect(JSON.stringify(verified.body)).not.toContain('navy');
    const patient = await api.request('GET', `/v1/patients/${verified.body.patientId}`, {
      token: await api.token('staff'),
      headers: { 'X-Consistent-After': verified.body.position },
    });
    expect(patient.body).toMatchObject({
      contactId: existing.body.id,
      contactMatch: 'phone',
      identity: { status: 'unverified_link', checks: { phone: 'match', email: 'differs', name: 'differs' } },
    });
    const search = await api.request('GET', '/v1/contacts?q=grace', {
      token: await api.token('staff'),
      headers: { 'X-Consistent-After': verified.body.position },
    });
    expect(search.body.items).toEqual([expect.objectContaining({ id: existing.body.id, status: 'connected' })]);
  });

  it('matches by email (trimmed, domain case ignored) when the phone is unknown', async () => {
    const existing = await api.request('POST', '/v1/contacts', {
      body: { name: 'Katherine Johnson', email: 'kj@NASA.example' },
    });
    const { verified } = await signUp(api, 'brown-clinic', {
      name: 'Katherine Johnson',
      phone: '+14155550103',
      email: 'kj@nasa.example',
    });
    const patient = await api.request('GET', `/v1/patients/${verified.body.patientId}`, {
      token: await api.token('staff'),
      headers: { 'X-Consistent-After': verified.body.position },
    });
    expect(patient.body).toMatchObject({
      contactId: existing.body.id,
      contactMatch: 'email',
      identity: { checks: { email: 'match', name: 'match', phone: 'not_on_record' } },
    });
  });

  it('signs an existing account in (same phone) without a second conversation, and connects it to another practice too', async () => {
    const person = { name: 'Ada Lovelace', phone: '+14155550101', email: 'ada@example.com' };
    clock.advance(61);
    const again = await signUp(api, 'brown-clinic', person);
    expect(again.verified.body).toMatchObject({ alreadyConnected: true });
    const other = await api.otherPractice();
    const otherAdmin = await api.token('admin', { practiceId: other.practiceId, staffId: other.adminId });
    const link = await api.request('POST', '/v1/links', {
      token: otherAdmin,
      body: { label: 'Other', slug: 'other-clinic' },
    });
    await api.request('GET', `/v1/links/${link.body.id}`, {
      token: otherAdmin,
      headers: { 'X-Consistent-After': link.body.position },
    });
    clock.advance(61);
    const there = await signUp(api, 'other-clinic', { ...person, name: 'Ada King', email: 'another@example.com' });
    expect(there.verified.body).toMatchObject({ patientId: again.verified.body.patientId, alreadyConnected: false });
    const conversations = await api.request('GET', '/v1/conversations?limit=200', {
      token: await api.token('staff'),
      headers: { 'X-Consistent-After': there.verified.body.position },
    });
    expect(
      conversations.body.items.filter(
        (c: { patient: { patientId: string } }) => c.patient?.patientId === again.verified.body.patientId,
      ),
    ).toHaveLength(1);
    // The other practice sees its own conversation only, and not this practice's patient record.
    const theirs = await api.request('GET', '/v1/conversations', {
      token: otherAdmin,
      headers: { 'X-Consistent-After': there.verified.body.position },
    });
    expect(theirs.body.items).toHaveLength(1);
    // Each practice sees what the patient typed there, plus the verified phone; never what was typed at the other.
    expect(theirs.body.items[0].patient.account).toMatchObject({
      name: 'Ada King',
      email: 'another@example.com',
      phone: '+14155550101',
    });
    const ours = conversations.body.items.find(
      (c: { patient: { patientId: string } }) => c.patient?.patientId === again.verified.body.patientId,
    );
    expect(ours.patient.account).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+14155550101',
    });
  });

  it('answers a new and an existing phone alike, so nobody learns who has an account', async () => {
    const fresh = await postForm(
      api,
      '/brown-clinic/signup',
      { name: 'New Person', phone: '+14155550199', email: 'new@example.com', consent: 'yes' },
      { 'x-forwarded-for': '198.51.100.1' },
    );
    const known = await postForm(
      api,
      '/brown-clinic/signup',
      { name: 'Ada Lovelace', phone: '+14155550104', email: 'x@example.com', consent: 'yes' },
      { 'x-forwarded-for': '198.51.100.1' },
    );
    expect(fresh.status).toBe(known.status);
    expect(Object.keys(fresh.body).sort()).toEqual(Object.keys(known.body).sort());
    expect({ ...fresh.body, ref: '' }).toEqual({ ...known.body, ref: '' });
  });

  it('refuses bad input with the fields named, and unknown links and sign-ups plainly', async () => {
    const bad = await postForm(api, '/brown-clinic/signup', { name: '', phone: '12', email: 'nope' });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'consent',
      'email',
      'name',
      'phone',
    ]);
    expect((await postForm(api, '/no-such-link/signup', { name: 'x' })).status).toBe(404);
    const unknown = await postForm(api, '/brown-clinic/verify', {
      ref: `${'a'.repeat(43)}.00000000-0000-4000-8000-000000000000`,
      code: '123456',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toMatch(/Start again/);
    const html = await api.request('POST', '/brown-clinic/signup', {
      token: null,
      rawBody: 'name=&phone=&email=',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(html.status).toBe(422);
    expect(html.text).toContain('Tick the box to agree to text messages');
    expect(html.text).not.toMatch(/id="consent"[^>]*checked/);
  });
});

describe('code limits', () => {
  const clock = testClock();
  let api: TestApp;
  beforeAll(async () => {
    // These tests stand behind a proxy on loopback that names the client in X-Forwarded-For.
    api = await startTestApp({ TRUST_PROXY: 'loopback' }, { clock });
    await createLink(api, 'limits-clinic');
  });
  afterAll(() => api.close());

  const start = async (phone: string, ip: string) => {
    const sent = await postForm(
      api,
      '/limits-clinic/signup',
      { name: 'Pat Doe', phone, email: 'pat@example.com', consent: 'yes' },
      { 'x-forwarded-for': ip },
    );
    expect(sent.status, sent.text).toBe(200);
    return sent.body.ref as string;
  };

  it('locks a code after 5 wrong tries; a new code works', async () => {
    const ref = await start('+14155550110', '203.0.113.10');
    const code = await latestCode(api, '+14155550110');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 5; i++) {
      const answer = await postForm(
        api,
        '/limits-clinic/verify',
        { ref, code: wrong },
        { 'x-forwarded-for': '203.0.113.10' },
      );
      expect(answer.status).toBe(422);
      expect(answer.body.triesLeft).toBe(5 - i);
    }
    const locked = await postForm(api, '/limits-clinic/verify', { ref, code }, { 'x-forwarded-for': '203.0.113.10' });
    expect(locked.body.type).toMatch(/code-locked$/);
    clock.advance(61);
    expect(
      (await postForm(api, '/limits-clinic/signup/resend', { ref }, { 'x-forwarded-for': '203.0.113.10' })).status,
    ).toBe(200);
    const fresh = await latestCode(api, '+14155550110');
    expect(
      (await postForm(api, '/limits-clinic/verify', { ref, code: fresh }, { 'x-forwarded-for': '203.0.113.10' }))
        .status,
    ).toBe(200);
  });

  it('expires a code after 10 minutes', async () => {
    const ref = await start('+14155550111', '203.0.113.11');
    const code = await latestCode(api, '+14155550111');
    clock.advance(600);
    const expired = await postForm(api, '/limits-clinic/verify', { ref, code }, { 'x-forwarded-for': '203.0.113.11' });
    expect(expired.status).toBe(422);
    expect(expired.body.type).toMatch(/code-expired$/);
    expect(expired.body.detail).toMatch(/Ask for a new code/);
  });

  it('sends a new code at most once a minute and 5 times an hour per phone, with Retry-After', async () => {
    const ref = await start('+14155550112', '203.0.113.12');
    const soon = await postForm(api, '/limits-clinic/signup/resend', { ref }, { 'x-forwarded-for': '203.0.113.12' });
    expect(soon.status).toBe(429);
    expect(Number(soon.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) {
      clock.advance(61);
      expect(
        (await postForm(api, '/limits-clinic/signup/resend', { ref }, { 'x-forwarded-for': '203.0.113.12' })).status,
      ).toBe(200);
    }
    clock.advance(61);
    const many = await postForm(api, '/limits-clinic/signup/resend', { ref }, { 'x-forwarded-for': '203.0.113.12' });
    expect(many.status).toBe(429);
    expect(many.body.type).toMatch(/too-many-codes$/);
    // A second sign-up for the same phone is under the same limit.
    const again = await postForm(
      api,
      '/limits-clinic/signup',
      { name: 'Pat Doe', phone: '+14155550112', email: 'pat@example.com', consent: 'yes' },
      { 'x-forwarded-for': '203.0.113.13' },
    );
    expect(again.status).toBe(429);
  });

  it('limits codes per network address too', async () => {
    for (let i = 0; i < 10; i++) await start(`+1415555013${i}`, '203.0.113.99');
    const refused = await postForm(
      api,
      '/limits-clinic/signup',
      { name: 'Pat Doe', phone: '+14155550150', email: 'pat@example.com', consent: 'yes' },
      { 'x-forwarded-for': '203.0.113.99' },
    );
    expect(refused.status).toBe(429);
    expect(refused.body.type).toMatch(/too-many-from-this-network$/);
    expect(refused.headers.get('retry-after')).toBeTruthy();
  });
});
