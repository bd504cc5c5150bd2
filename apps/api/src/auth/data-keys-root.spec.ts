import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_KEYS_SECRET_FILE, JWT_SECRET_FILE, resolveSecrets } from '@pi/application';

describe('the data-keys root of the embedded profile', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pi-secrets-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const settings = { jwtSecret: null, jwtPreviousSecrets: [], dataKeysSecret: null };

  it('is a random secret of its own in a new data directory, never the token secret (a rotated-out token secret forges nothing)', () => {
    const dir = fresh();
    const secrets = resolveSecrets(settings, dir);
    expect(secrets.dataKeys).not.toBe(secrets.token.current);
    expect(secrets.dataKeys.length).toBeGreaterThanOrEqual(43);
    expect(readFileSync(join(dir, DATA_KEYS_SECRET_FILE), 'utf8').trim()).toBe(secrets.dataKeys);
    expect(resolveSecrets(settings, dir).dataKeys).toBe(secrets.dataKeys);
    expect(resolveSecrets(settings, fresh()).dataKeys).not.toBe(secrets.dataKeys);
  });

  it('stays the token secret it always was in a data directory from before the keys had their own root', () => {
    const dir = fresh();
    writeFileSync(join(dir, JWT_SECRET_FILE), 'the-old-token-secret-from-before-the-split-0001\n');
    writeFileSync(join(dir, 'patient-invites.sqlite'), '');
    expect(resolveSecrets(settings, dir).dataKeys).toBe('the-old-token-secret-from-before-the-split-0001');
  });
});
