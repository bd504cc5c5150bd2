import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { JWT_SECRET_FILE, JwtCodec, loadConfig, PHONE_KEY_SECRET, VISITOR_KEY_SECRET } from '@pi/application';
import { startApp, type RunningApp } from '../create-app.js';

const run = promisify(execFile);
const keysCli = fileURLToPath(new URL('../../../../scripts/dist/keys.js', import.meta.url));

/** Rotating the token key: old tokens work until they expire, and nothing stored becomes unreadable. */
describe('token key rotation (embedded)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pi-rotate-'));
  const start = () => startApp(loadConfig({ DATA_DIR: dataDir, PORT: '0', METRICS_PORT: 'off', LOG_LEVEL: 'silent' }));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const staffDirectory = (running: RunningApp, token: string) =>
    fetch(`${running.url}/v1/staff`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

  it('keeps tokens of the old key valid, signs with the new one, refuses unknown keys, and leaves the data keys', async () => {
    let running = await start();
    const demo = running.demo!.practice;
    const claims = { practiceId: demo.practiceId, staffId: demo.staff.admin, roles: ['admin' as const] };
    const oldSecret = readFileSync(join(dataDir, JWT_SECRET_FILE), 'utf8').trim();
    const oldToken = await new JwtCodec(oldSecret).sign(claims);
    // A token from before tokens named their key (no kid), signed by the same old key.
    const legacy = await new SignJWT({ practiceId: demo.practiceId, roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(demo.staff.admin)
      .setIssuer('patient-invites')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(oldSecret));
    const dataKeys = [running.app.get(PHONE_KEY_SECRET), running.app.get(VISITOR_KEY_SECRET)];
    expect(await staffDirectory(running, oldToken)).toBe(200);
    await running.close();

    const rotated = await run(process.execPath, [keysCli, 'rotate-token'], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    });
    expect(JSON.parse(rotated.stdout)).toMatchObject({ rotated: 'token-signing', retiredKeysKept: 1 });
    const newSecret = readFileSync(join(dataDir, JWT_SECRET_FILE), 'utf8').trim();
    expect(newSecret).not.toBe(oldSecret);

    running = await start();
    try {
      expect(await staffDirectory(running, oldToken)).toBe(200);
      expect(await staffDirectory(running, legacy)).toBe(200);
      expect(await staffDirectory(running, await new JwtCodec(newSecret).sign(claims))).toBe(200);
      expect(await staffDirectory(running, await new JwtCodec('x'.repeat(48)).sign(claims))).toBe(401);
      // Phone-keyed streams and visitor pseudonyms are keyed apart from the token key: unchanged.
      expect([running.app.get(PHONE_KEY_SECRET), running.app.get(VISITOR_KEY_SECRET)]).toEqual(dataKeys);
    } finally {
      await running.close();
    }
  });

  it('refuses to rotate a key given by the settings, and says how to rotate it there', async () => {
    const refused = await run(process.execPath, [keysCli, 'rotate-token'], {
      env: { ...process.env, DATA_DIR: dataDir, JWT_SECRET: 'y'.repeat(40) },
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in refused && refused.code).toBe(1);
    expect((refused as { stderr: string }).stderr).toMatch(/JWT_PREVIOUS_SECRETS/);
  });
});
