import { generateKeyPairSync } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { rowHash, verifyChain, type ExportRow } from '@pi/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, invitationToken, signUp } from '../testing/patient-signup.fixture.js';
import { startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';

const VERIFY_SCRIPT = fileURLToPath(new URL('../../../../scripts/dist/audit-verify.js', import.meta.url));
const run = promisify(execFile);

async function verifyWithScript(path: string, ...options: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [VERIFY_SCRIPT, path, ...options]);
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, output: failed.stderr };
  }
}

describe("the auditors' identity history and export", () => {
  const clock = testClock();
  let api: TestApp;
  let auditor: string;
  let patientId: string;
  let position: string;
  const dir = mkdtempSync(join(tmpdir(), 'pi-audit-'));
  beforeAll(async () => {
    api = await startTestApp({}, { clock });
    auditor = await api.token('auditor');
    await createLink(api, 'audit-clinic');
    const sent = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Lise Meitner', phone: '(415) 555-0160' } },
    });
    const token = await invitationToken(api, '+14155550160');
    const { verified } = await signUp(
      api,
      'audit-clinic',
      { name: 'Lise Meitner', phone: '+14155550160', email: 'lise@example.com' },
      { i: token },
    );
    patientId = verified.body.patientId;
    const flagged = await api.request('POST', `/v1/patients/${patientId}/identity/mismatches`, {
      token: await api.token('staff'),
      body: { differs: ['email'], note: 'Email unknown to us' },
    });
    const resolved = await api.request('POST', `/v1/patients/${patientId}/identity/mismatches/resolution`, {
      token: await api.token('staff'),
      body: { note: 'Confirmed by phone' },
    });
    const edited = await api.request('PATCH', `/v1/contacts/${sent.body.contactId}`, {
      body: { email: 'lise@chart.example' },
    });
    expect([flagged.status, resolved.status, edited.status]).toEqual([201, 200, 200]);
    position = edited.body.position;
  });
  afterAll(() => api.close());

  it('tells how the patient was paired and every decision and contact change, in order, with who and the status as it stood', async () => {
    const history = await api.request('GET', `/v1/audit/identity/${patientId}`, {
      token: auditor,
      headers: { 'X-Consistent-After': position },
    });
    expect(history.status, history.text).toBe(200);
    const records = history.body.records as {
      type: string;
      actor: string;
      identityStatusAfter: string | null;
      summary: string;
      seq: number;
    }[];
    // The connection is recorded first (it holds what the steps after it need), then the contact is paired with it.
    expect(records.map((r) => r.type)).toEqual([
      'PatientAccountCreated',
      'PatientConnected',
      'ContactPaired',
      'InviteAccepted',
      'IdentityMismatchFlagged',
      'IdentityMismatchResolved',
      'ContactUpdated',
    ]);
    expect(records.map((r) => r.identityStatusAfter)).toEqual([
      null,
      'verified_by_invite',
      'verified_by_invite',
      'verified_by_invite',
      'mismatch_flagged',
      'verified_by_invite',
      'verified_by_invite',
    ]);
    expect(records[1].summary).toMatch(/through invitation .*proving the phone the practice gave/);
    expect(records[4].actor).toBe(api.demo.staff.staff);
    expect(records[6].summary).toMatch(/login phone and email are unchanged/);
    expect([...records].sort((a, b) => a.seq - b.seq)).toEqual(records);
  });

  it('records every read of the audit: who read which patient, when', async () => {
    const before = (await api.running.runtime.events.readAll()).filter((e) => e.type === 'IdentityAuditRead').length;
    await api.request('GET', `/v1/audit/identity/${patientId}`, { token: auditor });
    const reads = (await api.running.runtime.events.readAll()).filter((e) => e.type === 'IdentityAuditRead');
    expect(reads).toHaveLength(before + 1);
    expect(reads.at(-1)!.data).toMatchObject({
      auditorId: api.demo.staff.auditor,
      patientId,
      practiceId: api.demo.practiceId,
    });
    expect(reads.at(-1)!.streamId).toMatch(/^auditreads-/);
  });

  it('lets only auditors read it, and only their own practice', async () => {
    expect((await api.request('GET', `/v1/audit/identity/${patientId}`)).status).toBe(403);
    expect(
      (await api.request('GET', `/v1/audit/identity/${patientId}`, { token: await api.token('staff') })).status,
    ).toBe(403);
    expect((await api.request('GET', '/v1/audit/identity', { token: await api.token('admin') })).status).toBe(403);
    const other = await api.otherPractice();
    const otherAuditor = await other.token('auditor');
    expect((await api.request('GET', `/v1/audit/identity/${patientId}`, { token: otherAuditor })).status).toBe(404);
    const theirs = await api.request('GET', '/v1/audit/identity', { token: otherAuditor });
    expect(theirs.body.records.map((r: ExportRow) => r.type)).toEqual(['ExportStarted', 'ExportEnded']);
  });

  it('exports a period as JSON and CSV whose hash chain verifies, and names the first broken record of a tampered file', async () => {
    const from = new Date(clock.now().getTime() - 3600_000).toISOString();
    const to = new Date(clock.now().getTime() + 3600_000).toISOString();
    const json = await api.request('GET', `/v1/audit/identity?from=${from}&to=${to}&format=json`, {
      token: auditor,
      headers: { 'X-Consistent-After': position },
    });
    expect(json.status, json.text).toBe(200);
    const rows = json.body.records as ExportRow[];
    expect(rows[0].type).toBe('ExportStarted');
    expect(rows.at(-1)!.type).toBe('ExportEnded');
    expect(rows.map((r) => r.type)).toEqual(
      expect.arrayContaining(['PatientConnected', 'IdentityMismatchFlagged', 'IdentityAuditRead']),
    );
    expect(verifyChain(rows)).toEqual({ ok: true, records: rows.length - 2 });

    const jsonFile = join(dir, 'audit.json');
    writeFileSync(jsonFile, json.text);
    expect(await verifyWithScript(jsonFile)).toMatchObject({
      code: 0,
      output: expect.stringMatching(/^OK: the chain of \d+ records is intact/),
    });

    const tampered = structuredClone(json.body);
    const target = tampered.records.findIndex((r: ExportRow) => r.type === 'IdentityMismatchFlagged');
    tampered.records[target].summary = tampered.records[target].summary.replace(
      'Email unknown to us',
      'Nothing differs',
    );
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(tampered));
    const broken = await verifyWithScript(join(dir, 'tampered.json'));
    expect(broken.code).toBe(1);
    expect(broken.output).toContain(
      `BROKEN at record ${target + 1} (seq ${rows[target].seq}): the row does not match its hash`,
    );

    const removed = structuredClone(json.body);
    removed.records.splice(2, 1);
    writeFileSync(join(dir, 'removed.json'), JSON.stringify(removed));
    expect((await verifyWithScript(join(dir, 'removed.json'))).output).toContain('BROKEN at record 3');

    const csv = await api.request('GET', `/v1/audit/identity?from=${from}&to=${to}&format=csv`, { token: auditor });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="identity-audit_/);
    writeFileSync(join(dir, 'audit.csv'), csv.text);
    expect((await verifyWithScript(join(dir, 'audit.csv'))).code).toBe(0);
    const cut = csv.text.trimEnd().split('\r\n').slice(0, -1).join('\r\n');
    writeFileSync(join(dir, 'cut.csv'), cut);
    expect((await verifyWithScript(join(dir, 'cut.csv'))).output).toMatch(/cut off/);
  });

  it('signs each export: a forger who removes a record and re-chains the file passes the chain, never the signature', async () => {
    const key = await api.request('GET', '/v1/audit/public-key', { token: auditor });
    expect(key.status).toBe(200);
    expect(key.body).toMatchObject({ algorithm: 'Ed25519', keyId: expect.any(String) });
    const pem = join(dir, 'audit-public.pem');
    writeFileSync(pem, key.body.publicKeyPem);
    const from = new Date(clock.now().getTime() - 3600_000).toISOString();
    const to = new Date(clock.now().getTime() + 3600_000).toISOString();
    const exported = await api.request('GET', `/v1/audit/identity?from=${from}&to=${to}&format=json`, {
      token: auditor,
      headers: { 'X-Consistent-After': position },
    });
    const original = exported.body as { records: ExportRow[] };
    writeFileSync(join(dir, 'signed.json'), exported.text);
    expect(await verifyWithScript(join(dir, 'signed.json'), '--public-key', pem)).toMatchObject({
      code: 0,
      output: expect.stringContaining(`signed by key ${key.body.keyId}`),
    });

    // The forgery of the finding: drop the rejection, rewrite a decision, recompute every hash and the count.
    const forged = structuredClone(original);
    const dropped = forged.records.findIndex((r) => r.type === 'IdentityMismatchFlagged');
    expect(dropped).toBeGreaterThan(0);
    forged.records.splice(dropped, 1);
    let previous = '0'.repeat(64);
    forged.records = forged.records.map((row, i, all) => {
      const details =
        i === all.length - 1 ? JSON.stringify({ ...JSON.parse(row.details), records: all.length - 2 }) : row.details;
      const relinked = { ...row, details, prevHash: previous };
      const hash = rowHash(relinked);
      previous = hash;
      return { ...relinked, hash };
    });
    writeFileSync(join(dir, 'forged.json'), JSON.stringify(forged));
    // The chain alone cannot tell ...
    expect((await verifyWithScript(join(dir, 'forged.json'))).code).toBe(0);
    // ... the signature can.
    const caught = await verifyWithScript(join(dir, 'forged.json'), '--public-key', pem);
    expect(caught.code).toBe(1);
    expect(caught.output).toMatch(/BROKEN signature: the signed chain head is not the head of this chain/);

    // A forger who also rewrites the signed head still cannot sign it.
    const resigned = structuredClone(forged);
    const closing = resigned.records.at(-1)!;
    closing.details = JSON.stringify({ ...JSON.parse(closing.details), chainHead: closing.prevHash });
    closing.hash = rowHash(closing);
    writeFileSync(join(dir, 'resigned.json'), JSON.stringify(resigned));
    const still = await verifyWithScript(join(dir, 'resigned.json'), '--public-key', pem);
    expect(still.code).toBe(1);
    expect(still.output).toMatch(/the signature does not match/);

    // And a key that is not the practice platform's fails every file.
    const { publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(dir, 'other.pem'), publicKey.export({ format: 'pem', type: 'spki' }));
    expect((await verifyWithScript(join(dir, 'signed.json'), '--public-key', join(dir, 'other.pem'))).code).toBe(1);
  });

  it('refuses a bad period specifically', async () => {
    const backwards = await api.request('GET', '/v1/audit/identity?from=2026-12-01&to=2026-11-01', { token: auditor });
    expect(backwards.status).toBe(400);
    expect(backwards.body.type).toMatch(/invalid-period$/);
    const garbage = await api.request('GET', '/v1/audit/identity?from=yesterday', { token: auditor });
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors[0].field).toBe('from');
  });
});
