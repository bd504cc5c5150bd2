/**
 * Rotates the token signing key of the embedded profile:
 *   npm run -s keys -- rotate-token
 * A new key signs every token from the next start on; tokens the old key signed
 * stay valid until they expire (24 hours at most), then the old key is
 * forgotten. The keys that protect stored data (DATA_DIR/data-keys-secret) are
 * not touched. Restart the API (and the projector) to use the new key.
 * With JWT_SECRET set (any production profile), rotate in the settings
 * instead: the new secret in JWT_SECRET, the old one in JWT_PREVIOUS_SECRETS.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { JWT_SECRET_FILE, PREVIOUS_JWT_SECRETS_FILE, retiredTokenKeyLines, resolveSecrets } from '@pi/api';
import { configOrExit, failWith, orUsage } from './cli-args.js';

const fail: (message: string, code?: number) => never = failWith('keys');

function main(): void {
  const { positionals } = orUsage(
    () => parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: {} }),
    'usage: keys rotate-token',
    'keys',
  );
  if (positionals.length !== 1 || positionals[0] !== 'rotate-token') fail('usage: keys rotate-token', 2);
  const config = configOrExit('keys');
  if (config.jwtSecret)
    fail('JWT_SECRET is set: put a new secret in JWT_SECRET and the old one in JWT_PREVIOUS_SECRETS, then restart.', 1);
  process.umask(0o077);
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

main();
