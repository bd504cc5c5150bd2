import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The secrets of a process: the token keys (current and retired by a rotation) and the root of the keys
 * that protect stored data, each from the settings or, on the embedded profile, kept in DATA_DIR (0600).
 */
export const JWT_SECRET_FILE = 'jwt-secret';

/**
 * JWT_SECRET when set; otherwise (embedded profile) a secret generated on the
 * first start and kept in DATA_DIR, readable by its owner only.
 */
export function resolveJwtSecret(configured: string | null, dataDir: string): string {
  if (configured) return configured;
  const file = join(dataDir, JWT_SECRET_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}

export const PREVIOUS_JWT_SECRETS_FILE = 'jwt-secret.previous';
export const DATA_KEYS_SECRET_FILE = 'data-keys-secret';

/** The secrets of one process: the token keys (current and retired) and the root of the data keys. */
export interface Secrets {
  token: { current: string; previous: string[] };
  dataKeys: string;
}

/** A retired token key is kept this long after its rotation: longer than any token it signed lives. */
export const RETIRED_TOKEN_KEY_KEPT_MS = 25 * 3600_000;

/**
 * Lines of `jwt-secret.previous`: `<retired at, ISO> <secret>`, newest last,
 * written by `npm run keys -- rotate-token`. Keys retired longer ago than any
 * token lives are left out.
 */
export function readRetiredTokenSecrets(dataDir: string, now = Date.now()): string[] {
  return retiredTokenKeyLines(dataDir, now)
    .map((line) => line.split(' ')[1])
    .reverse();
}

/** The lines of `jwt-secret.previous` still worth keeping, oldest first, as written. */
export function retiredTokenKeyLines(dataDir: string, now = Date.now()): string[] {
  let text: string;
  try {
    text = readFileSync(join(dataDir, PREVIOUS_JWT_SECRETS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => {
      const [at, secret] = line.split(' ');
      return Boolean(secret) && now - Date.parse(at) < RETIRED_TOKEN_KEY_KEPT_MS;
    });
}

/** The embedded log's file: its presence tells a data directory from before the data keys had their own root. */
const LOG_FILE = 'patient-invites.sqlite';

/**
 * DATA_KEYS_SECRET when set; otherwise (embedded profile) kept in DATA_DIR. A
 * new data directory gets a random secret of its own, independent of the
 * token key (a rotated-out token secret must not forge anything: sessions,
 * sealed links, keyed hashes). Only a data directory from before the keys
 * were apart (a log, and no data-keys file yet) starts from its token
 * secret, so every key derived from it (sealed invitations, phone-keyed
 * streams, visitor pseudonyms) stays what it was; from then on a token key
 * rotation leaves them alone.
 */
export function resolveDataKeysSecret(configured: string | null, dataDir: string, tokenSecret: string): string {
  if (configured) return configured;
  const file = join(dataDir, DATA_KEYS_SECRET_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = existsSync(join(dataDir, LOG_FILE)) ? tokenSecret : randomBytes(48).toString('base64url');
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}

export function resolveSecrets(
  config: { jwtSecret: string | null; jwtPreviousSecrets: string[]; dataKeysSecret: string | null },
  dataDir: string,
): Secrets {
  const current = resolveJwtSecret(config.jwtSecret, dataDir);
  const previous = [...config.jwtPreviousSecrets, ...(config.jwtSecret ? [] : readRetiredTokenSecrets(dataDir))];
  return { token: { current, previous }, dataKeys: resolveDataKeysSecret(config.dataKeysSecret, dataDir, current) };
}

/** Written by `npm run keys -- rotate-kek` on the embedded profile: one KEK secret per line, the current one first. */
export const KEY_ENCRYPTION_KEYS_FILE = join('keys', 'key-encryption-keys');

/**
 * The secrets of the key-encryption keys, the current one first: KEY_ENCRYPTION_KEYS when set; else the file a
 * rotation wrote in DATA_DIR/keys; else one KEK derived from the data-keys root (under its own label, so it is
 * not any other key).
 */
export function resolveKeyEncryptionSecrets(
  configured: readonly string[],
  dataDir: string,
  dataKeys: string,
): string[] {
  if (configured.length > 0) return [...configured];
  try {
    const lines = readFileSync(join(dataDir, KEY_ENCRYPTION_KEYS_FILE), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    if (lines.length > 0) return lines;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return [dataKeys];
}
