/**
 * Rotates keys.
 *   npm run -s keys -- rotate-token   (embedded) a new token signing key
 *   npm run -s keys -- rotate-kek     (embedded) a new key-encryption key, and every data key re-wrapped with it
 *   npm run -s keys -- rewrap         (any profile) re-wraps every data key with the current KEK
 *
 * rotate-token:
 * A new key signs every token from the next start on; tokens the old key signed
 * stay valid until they expire (24 hours at most), then the old key is
 * forgotten. The keys that protect stored data (DATA_DIR/data-keys-secret) are
 * not touched. Restart the API (and the projector) to use the new key.
 * With JWT_SECRET set (any production profile), rotate in the settings
 * instead: the new secret in JWT_SECRET, the old one in JWT_PREVIOUS_SECRETS.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createRuntime,
  JWT_SECRET_FILE,
  KEY_ENCRYPTION_KEYS_FILE,
  PREVIOUS_JWT_SECRETS_FILE,
  resolveKeyEncryptionSecrets,
  retiredTokenKeyLines,
  resolveSecrets,
  type Config,
} from '@pi/application';
import { keyEncryptionKeyFrom, rewrapDataKeys } from '@pi/event-store';
import { configOrExit, failWith, orUsage } from './cli-args.js';

const fail: (message: string, code?: number) => never = failWith('keys');
const USAGE = 'usage: keys rotate-token | rotate-kek | rewrap';

async function main(): Promise<void> {
  const { positionals } = orUsage(
    () => parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: {} }),
    USAGE,
    'keys',
  );
  const command = positionals.length === 1 ? positionals[0] : null;
  const config = configOrExit('keys');
  process.umask(0o077);
  if (command === 'rotate-token') return rotateToken(config);
  if (command === 'rotate-kek') return rotateKek(config);
  if (command === 'rewrap') return rewrap(config);
  fail(USAGE, 2);
}

/**
 * A new KEK in DATA_DIR/keys/key-encryption-keys (first line: the current one; the previous ones stay
 * below it, so a process not restarted yet still opens what it wrapped), then every data key re-wrapped.
 */
async function rotateKek(config: Config): Promise<void> {
  if (config.keyEncryptionKeys.length > 0)
    fail(
      'KEY_ENCRYPTION_KEYS is set: put a new key first in it (the old ones after it), restart, then run `keys rewrap`.',
      1,
    );
  const { dataKeys } = resolveSecrets(config, config.dataDir);
  const secrets = [randomBytes(48).toString('base64url'), ...resolveKeyEncryptionSecrets([], config.dataDir, dataKeys)];
  const file = join(config.dataDir, KEY_ENCRYPTION_KEYS_FILE);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(`${file}.tmp`, `${secrets.join('\n')}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  await rewrap(config, { rotated: keyEncryptionKeyFrom(secrets[0]).id });
}

/** Re-wraps every data key that another KEK wrapped, with the current one. */
async function rewrap(config: Config, extra: Record<string, unknown> = {}): Promise<void> {
  const runtime = await createRuntime({ ...config, runProjections: false });
  try {
    const result = await rewrapDataKeys(runtime.subjectKeys, runtime.dataKeys);
    process.stdout.write(
      `${JSON.stringify({ ...extra, currentKek: runtime.dataKeys.currentKekId, ...result, restart: 'the API and the projector' })}\n`,
    );
  } finally {
    await runtime.close();
  }
}

function rotateToken(config: Config): void {
  if (config.jwtSecret)
    fail('JWT_SECRET is set: put a new secret in JWT_SECRET and the old one in JWT_PREVIOUS_SECRETS, then restart.', 1);
  // Pins the data keys to the current secret first (a data directory from before they were apart).
  const { token } = resolveSecrets(config, config.dataDir);
  const now = new Date();
  // Keys retired longer ago than any token lives are dropped; the one retired now is added.
  const kept = retiredTokenKeyLines(config.dataDir, now.getTime());
  const previousFile = join(config.dataDir, PREVIOUS_JWT_SECRETS_FILE);
  const lines = [...kept, `${now.toISOString()} ${token.current}`];
  writeFileSync(`${previousFile}.tmp`, `${lines.join('\n')}\n`, { mode: 0o600 });
  renameSync(`${previousFile}.tmp`, previousFile);
  const currentFile = join(config.dataDir, JWT_SECRET_FILE);
  writeFileSync(`${currentFile}.tmp`, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
  renameSync(`${currentFile}.tmp`, currentFile);
  process.stdout.write(
    `${JSON.stringify({ rotated: 'token-signing', retiredKeysKept: lines.length, restart: 'the API and the projector' })}\n`,
  );
}

await main();
