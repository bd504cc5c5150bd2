import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { KEY_ENCRYPTION_KEYS_FILE, loadConfig, subjectKeysFile } from '@pi/application';
import { startApp } from '../create-app.js';
import { openSqliteDatabase } from '@pi/event-store/sqlite';

const run = promisify(execFile);
const keysCli = fileURLToPath(new URL('../../../../scripts/dist/keys.js', import.meta.url));

/** Rotating the key-encryption key: every data key re-wrapped, nothing sealed becomes unreadable. */
describe('key-encryption key rotation (embedded)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pi-kek-'));
  const start = () => startApp(loadConfig({ DATA_DIR: dataDir, PORT: '0', METRICS_PORT: 'off', LOG_LEVEL: 'silent' }));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const kekIds = () => {
    const db = openSqliteDatabase(subjectKeysFile(dataDir));
    try {
      return (
        db.prepare('SELECT DISTINCT kek_id FROM subject_keys WHERE wrapped IS NOT NULL').all() as {
          kek_id: string;
        }[]
      ).map((row) => row.kek_id);
    } finally {
      db.close();
    }
  };

  it('re-wraps every data key under the new KEK through the real script; the old KEK is then not needed', async () => {
    let running = await start();
    const demo = running.demo!.practice;
    const token = await running.app.get((await import('@pi/application')).JwtCodec).sign({
      practiceId: demo.practiceId,
      staffId: demo.staff.admin,
      roles: ['admin'],
    });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${running.url}/v1/contacts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Katherine Johnson', phone: '+14155550133' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await running.close();
    const before = kekIds();
    expect(before).toHaveLength(1);

    const { stdout } = await run(process.execPath, [keysCli, 'rotate-kek'], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    });
    const result = JSON.parse(stdout) as { rotated: string; rewrapped: number; skipped: number };
    expect(result.rewrapped).toBeGreaterThan(0);
    expect(result.skipped).toBe(0);
    expect(kekIds()).toEqual([result.rotated]);
    const file = join(dataDir, KEY_ENCRYPTION_KEYS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Only the new KEK: everything sealed before still opens.
    writeFileSync(file, `${readFileSync(file, 'utf8').split('\n')[0]}\n`, { mode: 0o600 });
    running = await start();
    try {
      // A command reads the contact's stream from the log: its sealed values open with the re-wrapped key.
      const tagged = await fetch(`${running.url}/v1/contacts/${id}/tags`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ tag: 'rotated' }),
      });
      expect(tagged.status, await tagged.clone().text()).toBe(201);
      const log = await running.runtime.events.readStream(`contact-${id}`);
      expect(log[0].data).toMatchObject({ name: 'Katherine Johnson', phone: { e164: '+14155550133' } });
    } finally {
      await running.close();
    }
  });
});
