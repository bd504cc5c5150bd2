import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, latestCode, signUp } from '../testing/patient-signup.fixture.js';
import { startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';

/** The smallest real PNG: 1×1 pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('identity decisions and phone changes', () => {
  const clock = testClock();
  let api: TestApp;
  let patientId: string;
  let contactId: string;
  let position: string;
  beforeAll(async () => {
    api = await startTestApp({}, { clock });
    await createLink(api, 'id-clinic');
    const { verified } = await signUp(api, 'id-clinic', {
      name: 'Rosalind Franklin',
      phone: '+14155550140',
      email: 'rosalind@example.com',
    });
    patientId = verified.body.patientId;
    position = verified.body.position;
    contactId = (await api.request('GET', `/v1/patients/${patientId}`, { headers: { 'X-Consistent-After': position } }))
      .body.contactId;
  });
  afterAll(() => api.close());

  const read = async (after: string) =>
    (await api.request('GET', `/v1/patients/${patientId}`, { headers: { 'X-Consistent-After': after } })).body;

  it('records a verification, a mismatch and its resolution with the acting staff member', async () => {
    const staff = await api.token('staff');
    const verified = await api.request('POST', `/v1/patients/${patientId}/identity/verifications`, {
      token: staff,
      body: { method: 'records_match', note: 'Phone and DOB match our chart' },
    });
    expect(verified.status, verified.text).toBe(201);
    expect((await read(verified.body.position)).identity).toMatchObject({
      status: 'verified_by_staff',
      notice: null,
      decisions: [
        { what: 'verified', by: api.demo.staff.staff, method: 'records_match', note: 'Phone and DOB match our chart' },
      ],
    });

    const flagged = await api.request('POST', `/v1/patients/${patientId}/identity/mismatches`, {
      token: staff,
      body: { differs: ['email'], note: 'Email differs from our chart' },
    });
    expect(flagged.status).toBe(201);
    const afterFlag = await read(flagged.body.position);
    expect(afterFlag.identity.status).toBe('mismatch_flagged');
    expect(afterFlag.identity.notice).toMatch(/Do not share health information/);
    const conversation = await api.request('GET', `/v1/conversations/${afterFlag.conversationId}`, {
      headers: { 'X-Consistent-After': flagged.body.position },
    });
    expect(conversation.body.identityStatus).toBe('mismatch_flagged');

    const blocked = await api.request('POST', `/v1/patients/${patientId}/identity/verifications`, {
      token: staff,
      body: { method: 'in_person' },
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.type).toMatch(/mismatch-already-flagged$/);
    const resolved = await api.request('POST', `/v1/patients/${patientId}/identity/mismatches/resolution`, {
      token: staff,
      body: { note: 'Called the chart number; new email confirmed' },
    });
    expect(resolved.status).toBe(200);
    expect((await read(resolved.body.position)).identity.status).toBe('verified_by_staff');
  });

  it('refuses bad decisions specifically, and keeps other practices and other roles out', async () => {
    const invalid = await api.request('POST', `/v1/patients/${patientId}/identity/verifications`, {
      body: { method: 'looked_at_them' },
    });
    expect(invalid.status).toBe(400);
    const noNote = await api.request('POST', `/v1/patients/${patientId}/identity/verifications`, {
      body: { method: 'other' },
    });
    expect(noNote.status).toBe(400);
    expect(noNote.body.errors[0].field).toBe('note');
    const nothingToResolve = await api.request('POST', `/v1/patients/${patientId}/identity/mismatches/resolution`, {
      body: { note: 'x' },
    });
    expect(nothingToResolve.status).toBe(409);
    const auditor = await api.token('auditor');
    expect(
      (
        await api.request('POST', `/v1/patients/${patientId}/identity/verifications`, {
          token: auditor,
          body: { method: 'in_person' },
        })
      ).status,
    ).toBe(403);
    const other = await api.otherPractice();
    const otherAdmin = await api.token('admin', { practiceId: other.practiceId, staffId: other.adminId });
    expect(
      (
        await api.request('POST', `/v1/patients/${patientId}/identity/verifications`, {
          token: otherAdmin,
          body: { method: 'in_person' },
        })
      ).status,
    ).toBe(404);
    expect((await api.request('GET', `/v1/patients/${patientId}`, { token: otherAdmin })).status).toBe(404);
    expect((await api.request('GET', `/v1/contacts/${contactId}`, { token: otherAdmin })).status).toBe(404);
  });

  it("never changes the patient's login phone or email when staff edit the contact card", async () => {
    const edited = await api.request('PATCH', `/v1/contacts/${contactId}`, {
      body: { phone: '+14155550999', email: 'chart@example.com' },
    });
    expect(edited.status, edited.text).toBe(200);
    const card = await api.request('GET', `/v1/contacts/${contactId}`, {
      headers: { 'X-Consistent-After': edited.body.position },
    });
    expect(card.body.phone.e164).toBe('+14155550999');
    expect(card.body.patient.account).toEqual({
      name: 'Rosalind Franklin',
      phone: '+14155550140',
      email: 'rosalind@example.com',
    });
  });

  it('changes a lost phone only through a reviewed request with evidence and a code to the new number', async () => {
    const support = await api.token('support');
    const notAnImage = await api.request('POST', '/v1/evidence', {
      token: support,
      rawBody: 'hello',
      headers: { 'content-type': 'image/png' },
    });
    expect(notAnImage.status).toBe(415);
    const upload = await fetch(`${api.url}/v1/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${support}`, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(upload.status).toBe(201);
    const evidence = (await upload.json()) as { sha256: string; size: number; contentType: string };
    expect(evidence).toMatchObject({ size: PNG.length, contentType: 'image/png' });
    expect(evidence.sha256).toMatch(/^[0-9a-f]{64}$/);

    const missing = await api.request('POST', `/v1/patients/${patientId}/phone-change-requests`, {
      token: support,
      body: { name: 'Rosalind Franklin', newPhone: '(415) 555-0141', evidenceSha256: 'f'.repeat(64) },
    });
    expect(missing.status).toBe(422);
    const staff = await api.token('staff');
    const filed = await api.request('POST', `/v1/patients/${patientId}/phone-change-requests`, {
      token: staff,
      body: { name: 'Rosalind Franklin', newPhone: '(415) 555-0141', evidenceSha256: evidence.sha256 },
    });
    expect(filed.status, filed.text).toBe(201);
    const requestId = filed.body.id;

    // The practice files; the platform's operator decides (the login phone is the account's, not one practice's).
    for (const token of [staff, support, await api.token('admin')]) {
      expect(
        (await api.request('POST', `/v1/phone-change-requests/${requestId}/approve`, { token, body: {} })).status,
      ).toBe(403);
    }
    const { token: operator } = await api.operator();
    const cited = await fetch(`${api.url}/v1/phone-change-requests/${requestId}/evidence`, {
      headers: { authorization: `Bearer ${operator}` },
    });
    expect(cited.status).toBe(200);
    expect(Buffer.from(await cited.arrayBuffer()).equals(PNG)).toBe(true);
    expect(
      (
        await api.request('POST', `/v1/phone-change-requests/${requestId}/verify`, {
          token: operator,
          body: { code: '123456' },
        })
      ).status,
    ).toBe(409);
    const approved = await api.request('POST', `/v1/phone-change-requests/${requestId}/approve`, {
      token: operator,
      body: { reason: 'Face matches the ID' },
    });
    expect(approved.status, approved.text).toBe(200);
    const code = await latestCode(api, '+14155550141');
    const wrong = await api.request('POST', `/v1/phone-change-requests/${requestId}/verify`, {
      token: operator,
      body: { code: code === '000000' ? '111111' : '000000' },
    });
    expect(wrong.status).toBe(422);
    expect((await read(wrong.body.position ?? position)).account.phone).toBe('+14155550140');
    const done = await api.request('POST', `/v1/phone-change-requests/${requestId}/verify`, {
      token: operator,
      body: { code },
    });
    expect(done.status, done.text).toBe(200);
    expect((await read(done.body.position)).account.phone).toBe('+14155550141');
    const request = await api.request('GET', `/v1/phone-change-requests/${requestId}`, { token: support });
    expect(request.body.status).toBe('completed');
    expect(request.body.history.map((e: { type: string }) => e.type)).toEqual([
      'PhoneChangeRequested',
      'PhoneChangeApproved',
      'PhoneChangeCompleted',
    ]);
    expect(request.body.history[0].data.evidence).toEqual({
      sha256: evidence.sha256,
      size: PNG.length,
      contentType: 'image/png',
    });

    // The patient now signs in with the new number: same account.
    clock.advance(61);
    const again = await signUp(api, 'id-clinic', {
      name: 'Rosalind Franklin',
      phone: '+14155550141',
      email: 'rosalind@example.com',
    });
    expect(again.verified.body).toMatchObject({ patientId, alreadyConnected: true });
  });

  it('rejects a request only with a reason, decided by an operator and never by the practice that filed it', async () => {
    const support = await api.token('support');
    const upload = await fetch(`${api.url}/v1/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${support}`, 'content-type': 'image/png' },
      body: PNG,
    });
    const { sha256 } = (await upload.json()) as { sha256: string };
    const filed = await api.request('POST', `/v1/patients/${patientId}/phone-change-requests`, {
      token: support,
      body: { name: 'R. Franklin', newPhone: '+14155550142', evidenceSha256: sha256 },
    });
    // Whoever filed it does not decide it, nor does anyone of the practice.
    const own = await api.request('POST', `/v1/phone-change-requests/${filed.body.id}/reject`, {
      token: support,
      body: { reason: 'changed my mind' },
    });
    expect(own.status).toBe(403);
    const { token: operator } = await api.operator();
    expect(
      (await api.request('POST', `/v1/phone-change-requests/${filed.body.id}/reject`, { token: operator, body: {} }))
        .status,
    ).toBe(400);
    expect(
      (
        await api.request('POST', `/v1/phone-change-requests/${filed.body.id}/reject`, {
          token: operator,
          body: { reason: 'Face not visible' },
        })
      ).status,
    ).toBe(200);
    const late = await api.request('POST', `/v1/phone-change-requests/${filed.body.id}/approve`, {
      token: operator,
      body: {},
    });
    expect(late.status, late.text).toBe(409);
  });

  it("keeps a patient's phone-change requests from a staff member the links' rules keep from the patient (404, as the patient)", async () => {
    await createLink(api, 'owned-clinic', { owner: { type: 'staff', id: api.demo.staff.admin } });
    const { verified } = await signUp(api, 'owned-clinic', {
      name: 'Barbara McClintock',
      phone: '+14155550150',
      email: 'barbara@example.com',
    });
    const hidden = verified.body.patientId as string;
    const staff = await api.token('staff');
    const support = await api.token('support');
    const after = { 'X-Consistent-After': verified.body.position as string };
    expect((await api.request('GET', `/v1/patients/${hidden}`, { token: staff, headers: after })).status).toBe(404);
    const upload = await fetch(`${api.url}/v1/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${support}`, 'content-type': 'image/png' },
      body: PNG,
    });
    const { sha256 } = (await upload.json()) as { sha256: string };
    const body = { name: 'Barbara McClintock', newPhone: '(415) 555-0151', evidenceSha256: sha256 };
    const byStaff = await api.request('POST', `/v1/patients/${hidden}/phone-change-requests`, { token: staff, body });
    expect(byStaff.status).toBe(404);
    const filed = await api.request('POST', `/v1/patients/${hidden}/phone-change-requests`, { token: support, body });
    expect(filed.status, filed.text).toBe(201);
    const read = (token: string) => api.request('GET', `/v1/phone-change-requests/${filed.body.id}`, { token });
    expect((await read(staff)).status).toBe(404);
    expect((await read(staff)).text).not.toContain('555');
    expect((await read(await api.token('admin'))).status).toBe(200);
    expect((await read(support)).status).toBe(200);
  });
});
