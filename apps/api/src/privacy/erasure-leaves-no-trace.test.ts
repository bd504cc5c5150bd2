import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { allProjections } from '@pi/projections';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, invitationToken, latestCode, signUp } from '../testing/patient-signup.fixture.js';
import { signInPatient } from '../testing/patient-web.fixture.js';
import { SMS_TEST_BASE, SMS_TEST_SECRET, smsReply } from '../testing/sms-reply.fixture.js';
import { startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';

const run = promisify(execFile);
const rebuildCli = fileURLToPath(new URL('../../../../scripts/dist/rebuild.js', import.meta.url));

/** A PNG header (what the evidence check reads) and a passport's words: the file must go with the patient. */
const EVIDENCE = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('PASSPORT OF MARISOL THISTLEWOOD, NO. X44120977'),
]);

/** All three live in one 10,000-number block (+1 628 555 XXXX): the block an attacker would try. */
const QUILLON = { name: 'Quillon Brackenridge', phone: '+16285550142', email: 'Quillon.Brackenridge@Example.org' };
const MARISOL = { name: 'Marisol Thistlewood', phone: '+16285550143', email: 'marisol.thistlewood@example.org' };
const MARISOL_NEW_PHONE = '+16285550144';
const OBERON = { name: 'Oberon Featherstonehaugh', phone: '+16285550145', email: 'oberon.f@example.org' };

/** Every way a person's value may be written: E.164, national, digits, with separators, lower-case, each name word. */
function forms(person: { name: string; phone?: string; email?: string }, phones: string[] = []): string[] {
  const out = person.name.split(' ');
  out.push(person.name);
  for (const e164 of [...(person.phone ? [person.phone] : []), ...phones]) {
    const d = e164.slice(2); // 10 digits
    const [a, b, c] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
    out.push(
      e164,
      d,
      `1${d}`,
      `(${a}) ${b}-${c}`,
      `${a}-${b}-${c}`,
      `${a}.${b}.${c}`,
      `${a} ${b} ${c}`,
      `+1 ${a} ${b} ${c}`,
    );
  }
  if (person.email) out.push(person.email, person.email.toLowerCase(), person.email.split('@')[0].toLowerCase());
  return out;
}

/** Every file under a folder (the data directory: log, read models, keys, outbox, evidence, secrets). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The unkeyed hashes a bare SHA-256 scheme would write for a phone, in the encodings and lengths in use. */
function bareHashes(e164: string, practiceIds: string[]): string[] {
  const texts = [e164, `phone:${e164}`, `phone|${e164}`, ...practiceIds.map((p) => `${p}\u0000${e164}`)];
  return texts.flatMap((text) => {
    const digest = createHash('sha256').update(text).digest();
    const hex = digest.toString('hex');
    const b64url = digest.toString('base64url');
    return [hex, hex.slice(0, 40), b64url, b64url.slice(0, 22), digest.toString('base64').slice(0, 43)];
  });
}

/**
 * Erasure that leaves nothing behind: after erasing a contact, a patient whose phone changed and a patient
 * connected at two practices, and rebuilding every read model, no byte of any file in DATA_DIR spells any
 * of their values, and no hash it holds is a bare hash of any number of their block.
 */
describe('erasure leaves no readable trace in the data directory', () => {
  const clock = testClock();
  let api: TestApp;
  let otherPracticeId: string;

  beforeAll(async () => {
    api = await startTestApp({ SMS_WEBHOOK_SECRET: SMS_TEST_SECRET, PUBLIC_BASE_URL: SMS_TEST_BASE }, { clock });
    await createLink(api, 'trace-clinic');
    const operator = (await api.operator()).token;
    const admin = await api.token('admin');

    // A contact who never connects: invited by text and email, then replies STOP.
    const invited = await api.request('POST', '/v1/invitations', {
      body: { contact: QUILLON, message: 'Dear Quillon Brackenridge, join us.' },
    });
    expect(invited.status, invited.text).toBe(201);
    await invitationToken(api, QUILLON.phone);
    expect((await smsReply(api, QUILLON.phone, 'STOP')).status).toBe(200);

    // A patient who signs up, signs in on the web, and changes a lost phone with ID evidence.
    const { verified: marisol } = await signUp(api, 'trace-clinic', MARISOL);
    clock.advance(61);
    await signInPatient(api, MARISOL.phone, 'trace-clinic');
    const support = await api.token('support');
    const upload = await fetch(`${api.url}/v1/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${support}`, 'content-type': 'image/png' },
      body: EVIDENCE,
    });
    const evidence = (await upload.json()) as { sha256: string };
    const filed = await api.request('POST', `/v1/patients/${marisol.body.patientId}/phone-change-requests`, {
      token: support,
      body: { name: MARISOL.name, newPhone: MARISOL_NEW_PHONE, evidenceSha256: evidence.sha256 },
    });
    expect(filed.status, filed.text).toBe(201);
    const request = `/v1/phone-change-requests/${filed.body.id}`;
    expect((await api.request('POST', `${request}/approve`, { token: operator, body: {} })).status).toBe(200);
    const code = await latestCode(api, MARISOL_NEW_PHONE);
    expect((await api.request('POST', `${request}/verify`, { token: operator, body: { code } })).status).toBe(200);

    // A patient connected with two practices.
    const other = await api.otherPractice();
    otherPracticeId = other.practiceId;
    const otherAdmin = await other.token('admin');
    const link = await api.request('POST', '/v1/links', { token: otherAdmin, body: { label: 'B', slug: 'trace-b' } });
    await api.request('GET', `/v1/links/${link.body.id}`, {
      token: otherAdmin,
      headers: { 'X-Consistent-After': link.body.position },
    });
    const { verified: oberon } = await signUp(api, 'trace-clinic', OBERON);
    clock.advance(61);
    await signUp(api, 'trace-b', OBERON);

    // The erasures.
    const erasedContact = await api.request('POST', `/v1/contacts/${invited.body.contactId}/erase`, {
      token: admin,
      body: { reason: 'patient_request' },
    });
    expect(erasedContact.status, erasedContact.text).toBe(200);
    for (const patientId of [marisol.body.patientId, oberon.body.patientId]) {
      const erased = await api.request('POST', `/v1/patients/${patientId}/erase`, {
        token: operator,
        body: { reason: 'patient_request' },
      });
      expect(erased.status, erased.text).toBe(200);
    }
    // The evidence of the erased patient is gone for everyone who could fetch it.
    expect((await api.request('GET', `/v1/evidence/${evidence.sha256}`, { token: support })).status).toBe(404);
    expect(
      (await api.request('GET', `${request}/evidence`, { token: operator })).status,
      'the request cites it still',
    ).toBeGreaterThanOrEqual(404);

    // Every read model has taken the erasures in, then every one is rebuilt by the CLI, as an operator would.
    const head = (await api.running.runtime.events.head())!.position;
    const names = allProjections.map((p) => p.name);
    expect(await api.running.runtime.readModels.waitFor(names, head, 10_000)).toBe(true);
    const rebuilt = await run(process.execPath, [rebuildCli, '--all'], {
      env: { ...process.env, ...api.processEnv, LOG_LEVEL: 'silent' },
    });
    expect(rebuilt.stderr).not.toMatch(/error/i);
  });
  afterAll(() => api?.close());

  const erasedValues = () => [
    ...forms(QUILLON),
    ...forms(MARISOL, [MARISOL_NEW_PHONE]),
    ...forms(OBERON),
    'PASSPORT OF MARISOL',
    'X44120977',
  ];

  it('leaves no erased value, in any form, in any byte of any file of the data directory', async () => {
    const scan = () =>
      filesUnder(api.config.dataDir).flatMap((file) => {
        const bytes = readFileSync(file).toString('latin1');
        return erasedValues()
          .filter((value) => bytes.includes(value))
          .map((value) => `${file.slice(api.config.dataDir.length)} holds ${JSON.stringify(value)}`);
      });
    expect(filesUnder(api.config.dataDir).length).toBeGreaterThan(3);
    expect(scan()).toEqual([]);
  });

  // PostgreSQL keeps a deleted or updated row's old version in its files (dead tuples, free space, the WAL) until
  // overwritten, so on that profile nothing personal may be written in plain text at all: the cluster's files are
  // read the same way (after a checkpoint, so what sits in shared buffers is on disk too).
  it.runIf(process.env.TEST_PROFILE === 'postgres')(
    "leaves no erased value in any byte of the PostgreSQL cluster's files (heap, indexes, WAL)",
    async () => {
      const client = new pg.Client({ connectionString: api.config.stores.databaseUrl ?? undefined });
      await client.connect();
      let dataDirectory: string;
      try {
        await client.query('CHECKPOINT');
        dataDirectory = (await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0].data_directory;
      } finally {
        await client.end();
      }
      const files = filesUnder(dataDirectory).filter((file) => statSync(file).isFile()); // not its sockets
      const found = files.flatMap((file) => {
        const bytes = readFileSync(file).toString('latin1');
        return erasedValues()
          .filter((value) => bytes.includes(value))
          .map((value) => `${file.slice(dataDirectory.length)} holds ${JSON.stringify(value)}`);
      });
      expect(files.some((file) => file.includes('pg_wal'))).toBe(true);
      expect(found).toEqual([]);
    },
  );

  it('holds no hash that a bare SHA-256 of any number of their 10,000-number block would give', async () => {
    const practiceIds = [api.demo.practiceId, otherPracticeId];
    const candidates = new Set<string>();
    for (let n = 0; n < 10_000; n++)
      for (const hash of bareHashes(`+1628555${String(n).padStart(4, '0')}`, practiceIds)) candidates.add(hash);
    const lengths = [...new Set([...candidates].map((c) => c.length))];
    const found: string[] = [];
    for (const file of filesUnder(api.config.dataDir)) {
      const text = readFileSync(file).toString('latin1');
      for (const [token] of text.matchAll(/[A-Za-z0-9+/_-]{22,}/g))
        for (const length of lengths)
          for (let at = 0; at + length <= token.length; at++)
            if (candidates.has(token.slice(at, at + length))) found.push(`${file}: ${token}`);
    }
    expect(found).toEqual([]);
    // The check itself finds a bare hash where one is written.
    expect(candidates.has(bareHashes(QUILLON.phone, practiceIds)[3])).toBe(true);
  });
});
