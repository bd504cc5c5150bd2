import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFile, JwtCodec, loadConfig, resolveJwtSecret } from '@pi/application';
import { startApp } from '../create-app.js';
import { eventually } from '../testing/test-app.fixture.js';

/** Every file and directory below `root`, with its permission bits. */
function walk(root: string): { path: string; mode: number; directory: boolean }[] {
  const found = [{ path: root, mode: statSync(root).mode & 0o777, directory: true }];
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    const stat = statSync(path);
    if (stat.isDirectory()) found.push(...walk(path));
    else found.push({ path, mode: stat.mode & 0o777, directory: false });
  }
  return found;
}

describe('DATA_DIR holds personal data: nobody but the service reads it', () => {
  const previousUmask = process.umask();
  let dataDir: string;
  afterEach(() => {
    process.umask(previousUmask);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates every file 0600 and every directory 0700, and closes what an older version left open', async () => {
    process.umask(0o022);
    dataDir = mkdtempSync(join(tmpdir(), 'pi-perm-'));
    // What an older version left: a world-readable database and outbox.
    mkdirSync(join(dataDir, 'outbox', 'email'), { recursive: true, mode: 0o755 });
    writeFileSync(join(dataDir, 'outbox', 'email', 'old.eml'), 'Subject: old\n\nhello', { mode: 0o644 });
    writeFileSync(databaseFile(dataDir), '', { mode: 0o644 });
    const running = await startApp(
      loadConfig({ DATA_DIR: dataDir, PORT: '0', METRICS_PORT: 'off', LOG_LEVEL: 'silent' }),
    );
    try {
      const demo = running.demo!.practice;
      const token = await new JwtCodec(resolveJwtSecret(null, dataDir)).sign({
        practiceId: demo.practiceId,
        staffId: demo.staff.admin,
        roles: ['admin'],
      });
      const post = (path: string, body: object) =>
        fetch(`${running.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await post('/v1/links', { label: 'Front desk' })).status).toBe(201);
      expect(
        (await post('/v1/invitations', { contact: { name: 'Pat Private', email: 'pat@example.com' } })).status,
      ).toBe(201);
      // The invitation email is written to the outbox behind the request.
      await eventually(
        async () => readdirSync(join(dataDir, 'outbox', 'email')).length,
        (n) => n >= 2,
      );
    } finally {
      await running.close();
    }
    const entries = walk(dataDir);
    expect(entries.filter((e) => !e.directory).map((e) => e.path)).toEqual(
      expect.arrayContaining([databaseFile(dataDir), join(dataDir, 'jwt-secret')]),
    );
    const open = entries.filter((e) => e.mode & 0o077).map((e) => `${e.path} ${e.mode.toString(8)}`);
    expect(open).toEqual([]);
  });
});
