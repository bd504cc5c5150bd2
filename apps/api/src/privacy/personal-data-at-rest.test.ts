import { allProjections, identityAuditProjection } from '@pi/projections';
import { collectionOf, rebuildProjection } from '@pi/read-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, invitationToken, latestCode, postForm, signUp } from '../testing/patient-signup.fixture.js';
import { eventually, startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';
import { rawLog, rewriteEventField } from './raw-log.fixture.js';
import { createRuntime } from '@pi/application';

/** The smallest real PNG: 1×1 pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const GRACE = { name: 'Grace Hopper', phone: '+14155550161', email: 'grace@hopper.example' };
const NEW_PHONE = '+14155550162';
const ADA = { name: 'Ada Byron', phone: '+14155550171', email: 'ada@byron.example' };
const NOTE = 'DOB 1906-12-09 matches our chart';

/**
 * The text with its opaque blobs (ciphertexts, sealed tokens, hashes: base64 strings of 24 characters or
 * more) blanked: random bytes spell "Ada" now and then, and no personal value here looks like a blob.
 */
const readableText = (text: string) => text.replace(/"[A-Za-z0-9+/_-]{24,}={0,2}"/g, '"…"');

describe('personal data at rest: sealed in the log, erased by destroying its key', () => {
  const clock = testClock();
  let api: TestApp;
  let patientId: string;
  let graceContactId: string;
  let adaContactId: string;
  let adaInvitationId: string;
  const codes: string[] = [];

  const consistent = (position: string) => ({ headers: { 'X-Consistent-After': position } });
  const personalValues = () => [
    'Grace',
    'Hopper',
    '4155550161',
    '4155550162',
    'hopper.example',
    'Ada',
    'Byron',
    '4155550171',
    'byron.example',
    '1906-12-09',
    ...codes,
  ];

  beforeAll(async () => {
    api = await startTestApp({}, { clock });
    await createLink(api, 'pd-clinic');
    // Invite New Patient, with the practice's own words naming the person.
    const invited = await api.request('POST', '/v1/invitations', {
      body: { contact: GRACE, message: 'Dear Grace Hopper, join us.' },
    });
    expect(invited.status, invited.text).toBe(201);
    graceContactId = invited.body.contactId;
    const token = await invitationToken(api, GRACE.phone);
    const { verified } = await signUp(api, 'pd-clinic', GRACE, { i: token });
    codes.push(await latestCode(api, GRACE.phone));
    patientId = verified.body.patientId;
    const decided = await api.request('POST', `/v1/patients/${patientId}/identity/verifications`, {
      token: await api.token('staff'),
      body: { method: 'records_match', note: NOTE },
    });
    expect(decided.status, decided.text).toBe(201);

    // A phone change: evidence, a request naming the person, approval, the code to the new number.
    const support = await api.token('support');
    const upload = await fetch(`${api.url}/v1/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${support}`, 'content-type': 'image/png' },
      body: PNG,
    });
    const evidence = (await upload.json()) as { sha256: string };
    const filed = await api.request('POST', `/v1/patients/${patientId}/phone-change-requests`, {
      token: support,
      body: { name: GRACE.name, newPhone: NEW_PHONE, evidenceSha256: evidence.sha256 },
    });
    expect(filed.status, filed.text).toBe(201);
    const { token: operator } = await api.operator();
    const approve = `/v1/phone-change-requests/${filed.body.id}`;
    expect((await api.request('POST', `${approve}/approve`, { token: operator, body: {} })).status).toBe(200);
    const code = await latestCode(api, NEW_PHONE);
    codes.push(code);
    const changed = await api.request('POST', `${approve}/verify`, { token: operator, body: { code } });
    expect(changed.status, changed.text).toBe(200);

    // A contact who never connects.
    const second = await api.request('POST', '/v1/invitations', { body: { contact: ADA } });
    expect(second.status, second.text).toBe(201);
    adaContactId = second.body.contactId;
    adaInvitationId = second.body.id;
    await invitationToken(api, ADA.phone);
  });
  afterAll(() => api.close());

  it('keeps no name, phone, email, code or note readable in the log, and every value readable through the API', async () => {
    const rows = await rawLog(api);
    expect(rows.length).toBeGreaterThan(20);
    for (const type of ['ContactCreated', 'InviteSent', 'PatientAccountCreated', 'PatientConnected']) {
      expect(rows.some((row) => row.type === type)).toBe(true);
    }
    for (const type of ['VerificationCodeSent', 'PhoneVerified', 'PhoneChangeRequested', 'PatientPhoneChanged']) {
      expect(rows.some((row) => row.type === type)).toBe(true);
    }
    const readable = rows.flatMap((row) =>
      personalValues()
        .filter((value) => readableText(row.data).includes(value) || readableText(row.metadata).includes(value))
        .map((value) => `${row.type} holds ${value}`),
    );
    expect(readable).toEqual([]);
    // Sealed values name their subject, never the person.
    expect(rows.find((row) => row.type === 'ContactCreated')!.data).toMatch(/"\$pii":\{"s":"contact:/);

    const card = await api.request('GET', `/v1/contacts/${adaContactId}`);
    expect(card.body).toMatchObject({ name: ADA.name, email: ADA.email, erased: false });
    const patient = await api.request('GET', `/v1/patients/${patientId}`);
    expect(patient.body.account).toEqual({ name: GRACE.name, phone: NEW_PHONE, email: GRACE.email });
  });

  it('erases a contact who never connected: its values unreadable, its counts and invitations unchanged', async () => {
    const invitationCount = async (position?: string) => {
      let total = 0;
      for (const status of ['pending', 'accepted', 'revoked', 'expired'])
        total += (
          await api.request('GET', `/v1/invitations?status=${status}&limit=100`, position ? consistent(position) : {})
        ).body.items.length;
      return total;
    };
    const before = await invitationCount();
    const connected = await api.request('POST', `/v1/contacts/${graceContactId}/erase`, {
      body: { reason: 'entered_in_error' },
    });
    expect(connected.status).toBe(409);
    expect(connected.body.type).toMatch(/contact-connected$/);
    expect(connected.text).not.toContain('Grace');
    expect(
      (
        await api.request('POST', `/v1/contacts/${adaContactId}/erase`, {
          token: await api.token('staff'),
          body: { reason: 'entered_in_error' },
        })
      ).status,
    ).toBe(403);
    const invalid = await api.request('POST', `/v1/contacts/${adaContactId}/erase`, {
      body: { reason: 'because Ada asked', reference: 'Ada Byron' },
    });
    expect(invalid.status).toBe(400);
    const other = await api.otherPractice();
    const theirs = await api.request('POST', `/v1/contacts/${adaContactId}/erase`, {
      token: await other.token('admin'),
      body: { reason: 'entered_in_error' },
    });
    expect(theirs.status).toBe(404);

    const erased = await api.request('POST', `/v1/contacts/${adaContactId}/erase`, {
      body: { reason: 'entered_in_error', reference: 'REQ-7' },
    });
    expect(erased.status, erased.text).toBe(200);
    const again = await api.request('POST', `/v1/contacts/${adaContactId}/erase`, { body: { reason: 'duplicate' } });
    expect(again.status).toBe(200);
    expect(again.body.erasedAt).toBe(erased.body.erasedAt);

    const card = await api.request('GET', `/v1/contacts/${adaContactId}`, consistent(erased.body.position));
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({ name: '[erased]', phone: null, email: null, erased: true, status: 'invited' });
    expect(await invitationCount(erased.body.position)).toBe(before);
    // Its invitation stops working (and is never delivered to an erased address); the fact it was sent stays.
    const invitation = await api.request('GET', `/v1/invitations/${adaInvitationId}`, consistent(erased.body.position));
    expect(invitation.body).toMatchObject({ status: 'revoked', sends: 1 });
    expect((await api.request('GET', '/v1/contacts?q=Byron', consistent(erased.body.position))).body.items).toEqual([]);
    // Nothing more is recorded about it; the same person can be added again (the keys it held are free).
    const edit = await api.request('PATCH', `/v1/contacts/${adaContactId}`, { body: { name: 'Ada Lovelace' } });
    expect(edit.status).toBe(404);
    expect(edit.body.type).toMatch(/contact-erased$/);
    const readded = await api.request('POST', '/v1/contacts', { body: ADA });
    expect(readded.status, readded.text).toBe(201);
  });

  it("erases a patient's account (an operator's command) with its paired contact; the identity audit keeps the facts", async () => {
    const auditor = await api.token('auditor');
    const history = async (position: string) =>
      (await api.request('GET', `/v1/audit/identity/${patientId}`, { token: auditor, ...consistent(position) })).body;
    const before = await history('0');
    expect(JSON.stringify(before)).toContain(NOTE);
    // The audit's chain head, signed and recorded in the log before the erasure.
    const anchored = await api.request('POST', '/v1/audit/chain-heads', { token: auditor });
    expect(anchored.status, anchored.text).toBe(200);
    expect(anchored.body.records).toBeGreaterThan(3);
    expect(
      (
        await api.request('POST', `/v1/patients/${patientId}/erase`, {
          token: await api.token('admin'),
          body: { reason: 'patient_request' },
        })
      ).status,
    ).toBe(403);
    const { token: operator } = await api.operator();
    const erased = await api.request('POST', `/v1/patients/${patientId}/erase`, {
      token: operator,
      body: { reason: 'patient_request', reference: 'REQ-8' },
    });
    expect(erased.status, erased.text).toBe(200);

    const patient = await api.request('GET', `/v1/patients/${patientId}`, consistent(erased.body.position));
    expect(patient.body).toMatchObject({
      account: { name: '[erased]', phone: '[erased]', email: '[erased]' },
      erased: true,
      identity: { status: 'verified_by_staff', decisions: [{ what: 'verified', method: 'records_match' }] },
    });
    const card = await api.request('GET', `/v1/contacts/${graceContactId}`, consistent(erased.body.position));
    expect(card.body).toMatchObject({ name: '[erased]', erased: true, status: 'connected' });
    const after = await history(erased.body.position);
    const types = (page: { records: { type: string }[] }) => page.records.map((record) => record.type);
    // Every record stays; two more: the auditor's first read, and the erasure.
    expect(types(after)).toEqual([...types(before), 'IdentityAuditRead', 'PersonalDataErased']);
    const text = readableText(JSON.stringify(after));
    for (const value of [...personalValues(), NOTE]) expect(text, value).not.toContain(value);
    expect(text).toMatch(/personal data was erased by operator/);
    // The facts are the same: the head recorded before the erasure still holds after it.
    const heads = await api.request('GET', '/v1/audit/chain-heads', {
      token: auditor,
      ...consistent(erased.body.position),
    });
    expect(heads.body.heads).toEqual([
      expect.objectContaining({ records: anchored.body.records, matches: true, signatureValid: true, reason: null }),
    ]);
  });

  it('shreds the verification data of a sign-up abandoned for 30 days, and leaves the verifications that proved an account', async () => {
    const quitter = { name: 'Hedy Lamarr', phone: '+14155550181', email: 'hedy@lamarr.example' };
    const sent = await postForm(api, '/pd-clinic/signup', { ...quitter, consent: 'yes' });
    expect(sent.status, sent.text).toBe(200);
    const { runtime } = api.running;
    const sweeper = api.running.abandonedVerifications!;
    const caughtUp = async () =>
      runtime.readModels.waitFor(['unfinished-verifications'], (await runtime.events.head())!.position, 10_000);
    await caughtUp();
    clock.advance(29 * 86_400);
    expect(await sweeper.sweep(clock.now())).toBe(0);
    clock.advance(2 * 86_400);
    expect(await sweeper.sweep(clock.now())).toBe(1);
    await caughtUp();
    expect(await sweeper.sweep(clock.now())).toBe(0);

    const log = await runtime.events.readAll({
      filter: { eventTypes: ['VerificationCodeSent', 'PersonalDataErased'] },
    });
    const codeSent = log.filter((e) => e.type === 'VerificationCodeSent');
    const hers = codeSent.find((e) => (e.data as { phone: string }).phone === '[erased]');
    expect(hers?.data).toMatchObject({ purpose: { kind: 'signup', name: '[erased]', email: '[erased]' } });
    // Grace's sign-up proved her account (erased with it above); the phone change's proved its new number.
    const erasures = log
      .filter((e) => e.type === 'PersonalDataErased')
      .map((e) => e.data as { kind: string; by: string; reason: string });
    expect(erasures.filter((e) => e.kind === 'verification')).toEqual([
      expect.objectContaining({ by: 'system:retention', reason: 'abandoned_signup' }),
    ]);
    const raw = (await rawLog(api)).map((row) => row.data).join('\n');
    for (const value of ['Hedy', 'Lamarr', '4155550181', 'lamarr.example']) expect(raw).not.toContain(value);
  });

  it('shows the same after a rebuild from the log: every read model equals its rebuild, and none holds an erased value', async () => {
    const { runtime } = api.running;
    const store = runtime.readModels.store;
    // Every read model has caught up with the log.
    const head = (await runtime.events.head())!.position;
    expect(
      await runtime.readModels.waitFor(
        allProjections.map((p) => p.name),
        head,
        10_000,
      ),
    ).toBe(true);
    for (const projection of allProjections) {
      const { active } = await store.generations(projection.name);
      const live = await store.find<{ id: string }>(collectionOf(projection, active!), { limit: 100_000 });
      const rebuilt = await rebuildProjection(projection, runtime.events, store);
      const clean = await store.find<{ id: string }>(collectionOf(projection, rebuilt.generation), {
        limit: 100_000,
      });
      expect(clean.items, projection.name).toEqual(live.items);
      const text = readableText(JSON.stringify(clean.items));
      // (Ada was added again after her erasure: a new contact, hers to keep.)
      for (const value of ['Grace', 'Hopper', 'hopper.example', '4155550161', '4155550162', NOTE])
        expect(text, `${projection.name} holds ${value}`).not.toContain(value);
    }
  });

  it("a rewrite of the audit's history in the database contradicts the head recorded before it", async () => {
    const auditor = await api.token('auditor');
    expect(await rewriteEventField(api, 'IdentityVerified', 'method', 'in_person')).toBe(1);
    // Rebuilt by another process (`npm run rebuild`), which reads the rewritten log; the API swaps to it.
    const rebuilder = await createRuntime({ ...api.config, runProjections: false });
    try {
      await rebuildProjection(identityAuditProjection, rebuilder.events, rebuilder.readModels.store);
    } finally {
      await rebuilder.close();
    }
    await eventually(
      async () => (await api.request('GET', '/v1/audit/chain-heads', { token: auditor })).body.heads,
      (heads: { matches: boolean }[]) => heads.length > 0 && heads.every((head) => !head.matches),
      10_000,
    );
    const heads = await api.request('GET', '/v1/audit/chain-heads', { token: auditor });
    expect(heads.body.heads[0]).toMatchObject({ matches: false, signatureValid: true });
    expect(heads.body.heads[0].reason).toMatch(/was changed since the head was recorded/);
  });
});
