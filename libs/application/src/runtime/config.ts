import { isAbsolute, resolve } from 'node:path';
import { MAKE_A_SECRET, MIN_SECRET_BITS, weakSecret } from './secret-strength.js';

export type Profile = 'embedded' | 'postgres' | 'kurrent';

export interface Config {
  /** embedded: SQLite in DATA_DIR. postgres: PostgreSQL, several processes. kurrent: KurrentDB + MongoDB. */
  profile: Profile;
  /** Where the stores of the postgres and kurrent profiles are (null on the embedded profile). */
  stores: {
    databaseUrl: string | null;
    /** PostgreSQL schema of this deployment (default public). */
    databaseSchema: string;
    eventStoreUrl: string | null;
    mongodbUrl: string | null;
    mongodbDatabase: string;
  };
  port: number;
  host: string;
  dataDir: string;
  /** SQLITE_SYNCHRONOUS: `full` (default) survives a power cut; `normal` only a process crash. */
  sqliteSynchronous: 'full' | 'normal';
  publicBaseUrl: string;
  /** null: generated once and kept in DATA_DIR (embedded profile). */
  jwtSecret: string | null;
  /** Token keys retired by a rotation: tokens they signed stay valid until they expire (JWT_PREVIOUS_SECRETS). */
  jwtPreviousSecrets: string[];
  /**
   * The root of the keys that protect stored data (invitation sealing, keyed hashes of phones, visitor
   * pseudonyms, patient sessions), apart from the token key so that rotating one leaves the other.
   * null: kept in DATA_DIR (embedded profile); required elsewhere.
   */
  dataKeysSecret: string | null;
  /**
   * Key-encryption keys that wrap the per-subject data keys (KEY_ENCRYPTION_KEYS, comma-separated, the current one
   * first); empty: DATA_DIR/keys/key-encryption-keys on the embedded profile, else one derived from DATA_KEYS_SECRET.
   */
  keyEncryptionKeys: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long a GET with X-Consistent-After waits for its read model. */
  consistencyWaitMs: number;
  bodyLimitBytes: number;
  /** false when a separate projector process runs the projections. */
  runProjections: boolean;
  /** Whether this API process delivers invitations and expires them (false when the projector does). */
  runDelivery: boolean;
  /** Create a demo practice on the first start (embedded profile). */
  seedDemo: boolean;
  /** null: emails go to the outbox in DATA_DIR (embedded profile). */
  smtp: { url: string; from: string } | null;
  /** null: text messages go to the outbox in DATA_DIR (embedded profile). */
  smsProvider: {
    url: string;
    accountSid: string;
    authToken: string;
    from: string;
    statusCallbackUrl: string | null;
  } | null;
  /** First back-off of a transient delivery failure (then ×4). */
  deliveryRetryBaseMs: number;
  /** Checks the signature of inbound SMS webhooks; the SMS auth token unless set apart. null: webhook off. */
  smsWebhookSecret: string | null;
  /** Where the SMS provider posts delivery receipts (and the URL their signature covers); null: PUBLIC_BASE_URL/v1/sms/status. */
  smsStatusCallbackUrl: string | null;
  /**
   * Serve GET /dev/outbox (admins, own practice). Default: on only for the
   * embedded profile with neither SMTP nor an SMS provider, where it is the
   * only way to see what "went out".
   */
  devOutbox: boolean;
  /**
   * Which proxies' X-Forwarded-For to believe (Fastify's `trustProxy`, as Express's "trust proxy"): false
   * (default, the socket's address is the client), a hop count, or a list of
   * addresses and CIDRs. Per-IP limits count by this address.
   */
  trustProxy: false | number | string[];
  /** Prometheus metrics on their own listener (default 127.0.0.1:9464); null: not served. */
  metrics: { port: number; host: string } | null;
  /** Settings only the projector reads. */
  projector: {
    /** Events per batch. */
    batchSize: number;
    /** Also deliver invitations and expire them (the API then runs with RUN_DELIVERY=false). */
    delivery: boolean;
    /** How often it logs the projections' status. */
    statusEveryMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** For a process's entry point: the configuration, or every problem on stderr and exit code 1. */
export function loadConfigOrExit(hint = ''): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n${hint}`);
    process.exit(1);
  }
}

const PROFILES: readonly Profile[] = ['embedded', 'postgres', 'kurrent'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and validates the configuration; every bad value is named with what would be accepted. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const text = (name: string, fallback: string) => (env[name] ?? '').trim() || fallback;

  const profile = text('PROFILE', 'embedded') as Profile;
  if (!PROFILES.includes(profile))
    problems.push(
      `PROFILE=${env.PROFILE}: must be embedded (SQLite, one process), postgres (PostgreSQL, several processes) or kurrent (KurrentDB + MongoDB).`,
    );
  const stores = parseStores(env, profile, problems);

  const port = Number(text('PORT', '3000'));
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT=${env.PORT}: must be a whole number from 0 to 65535.`);

  const host = text('HOST', '127.0.0.1');

  const dataDirText = text('DATA_DIR', './data');
  const dataDir = isAbsolute(dataDirText) ? dataDirText : resolve(cwd, dataDirText);

  const sqliteSynchronous = text('SQLITE_SYNCHRONOUS', 'full').toLowerCase() as Config['sqliteSynchronous'];
  if (sqliteSynchronous !== 'full' && sqliteSynchronous !== 'normal') {
    problems.push(
      `SQLITE_SYNCHRONOUS=${env.SQLITE_SYNCHRONOUS}: must be full (an acknowledged command survives a power cut) or normal (survives a process crash only).`,
    );
  }

  const publicBaseUrl = text('PUBLIC_BASE_URL', `http://localhost:${Number.isInteger(port) ? port : 3000}`).replace(
    /\/+$/,
    '',
  );
  try {
    const url = new URL(publicBaseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      problems.push(`PUBLIC_BASE_URL=${publicBaseUrl}: must start with http:// or https://.`);
    if (url.search || url.hash) problems.push(`PUBLIC_BASE_URL=${publicBaseUrl}: must not have a query or a fragment.`);
  } catch {
    problems.push(`PUBLIC_BASE_URL=${publicBaseUrl}: not a URL (example: https://invite.example-clinic.com).`);
  }

  const jwtSecret = env.JWT_SECRET?.trim() || null;
  if (jwtSecret !== null && Buffer.byteLength(jwtSecret) < 32)
    problems.push('JWT_SECRET: must be at least 32 bytes long (or unset, to generate one in DATA_DIR).');
  const jwtPreviousSecrets = (env.JWT_PREVIOUS_SECRETS ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean);
  if (jwtPreviousSecrets.some((secret) => Buffer.byteLength(secret) < 32))
    problems.push('JWT_PREVIOUS_SECRETS: each retired secret (comma-separated) is at least 32 bytes long.');
  const dataKeysSecret = env.DATA_KEYS_SECRET?.trim() || null;
  const keyEncryptionKeys = (env.KEY_ENCRYPTION_KEYS ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean);
  if (keyEncryptionKeys.some((secret) => Buffer.byteLength(secret) < 32))
    problems.push('KEY_ENCRYPTION_KEYS: each key (comma-separated, the current one first) is at least 32 bytes long.');
  if (dataKeysSecret !== null && Buffer.byteLength(dataKeysSecret) < 32)
    problems.push(
      'DATA_KEYS_SECRET: must be at least 32 bytes long (or unset on the embedded profile, to keep one in DATA_DIR).',
    );

  const logLevel = text('LOG_LEVEL', 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL=${env.LOG_LEVEL}: must be one of ${LOG_LEVELS.join(', ')}.`);

  const consistencyWaitMs = Number(text('CONSISTENCY_WAIT_MS', '5000'));
  if (!Number.isInteger(consistencyWaitMs) || consistencyWaitMs < 0 || consistencyWaitMs > 60_000) {
    problems.push(
      `CONSISTENCY_WAIT_MS=${env.CONSISTENCY_WAIT_MS}: must be a whole number of milliseconds from 0 to 60000.`,
    );
  }

  const bodyLimitBytes = Number(text('BODY_LIMIT_BYTES', String(64 * 1024)));
  if (!Number.isInteger(bodyLimitBytes) || bodyLimitBytes < 1024 || bodyLimitBytes > 10 * 1024 * 1024) {
    problems.push(`BODY_LIMIT_BYTES=${env.BODY_LIMIT_BYTES}: must be a whole number from 1024 to 10485760.`);
  }

  const runProjections = parseBoolean('RUN_PROJECTIONS', text('RUN_PROJECTIONS', 'true'), problems);
  const runDelivery = parseBoolean('RUN_DELIVERY', text('RUN_DELIVERY', 'true'), problems);
  const seedDemo = parseBoolean('SEED_DEMO', text('SEED_DEMO', 'true'), problems);

  let smtp: Config['smtp'] = null;
  if (env.SMTP_URL?.trim()) {
    if (!/^smtps?:\/\//.test(env.SMTP_URL.trim()))
      problems.push('SMTP_URL: must start with smtp:// or smtps:// (example: smtp://user:pass@mail.example.com:587).');
    smtp = { url: env.SMTP_URL.trim(), from: text('MAIL_FROM', 'invites@localhost') };
  }
  const smsStatusCallbackUrl = env.SMS_STATUS_CALLBACK_URL?.trim() || null;
  if (smsStatusCallbackUrl !== null && !/^https?:\/\/[^\s]+$/.test(smsStatusCallbackUrl))
    problems.push('SMS_STATUS_CALLBACK_URL: must be an http(s) URL (example: https://api.example/v1/sms/status).');
  let smsProvider: Config['smsProvider'] = null;
  if (env.SMS_PROVIDER_URL?.trim()) {
    const missing = ['SMS_ACCOUNT_SID', 'SMS_AUTH_TOKEN', 'SMS_FROM'].filter((name) => !env[name]?.trim());
    if (missing.length) problems.push(`SMS_PROVIDER_URL is set, so ${missing.join(', ')} must be too.`);
    smsProvider = {
      url: env.SMS_PROVIDER_URL.trim(),
      accountSid: text('SMS_ACCOUNT_SID', ''),
      authToken: text('SMS_AUTH_TOKEN', ''),
      from: text('SMS_FROM', ''),
      statusCallbackUrl: smsStatusCallbackUrl,
    };
  }
  const deliveryRetryBaseMs = Number(text('DELIVERY_RETRY_BASE_MS', '1000'));
  if (!Number.isInteger(deliveryRetryBaseMs) || deliveryRetryBaseMs < 1 || deliveryRetryBaseMs > 600_000)
    problems.push(
      `DELIVERY_RETRY_BASE_MS=${env.DELIVERY_RETRY_BASE_MS}: must be a whole number of milliseconds from 1 to 600000.`,
    );

  const batchSize = Number(text('PROJECTION_BATCH_SIZE', '500'));
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    problems.push(`PROJECTION_BATCH_SIZE=${env.PROJECTION_BATCH_SIZE}: must be a whole number from 1 to 10000.`);
  const projectorDelivery = parseBoolean('PROJECTOR_DELIVERY', text('PROJECTOR_DELIVERY', 'false'), problems);
  const statusEveryMs = Number(text('STATUS_EVERY_MS', '30000'));
  if (!Number.isInteger(statusEveryMs) || statusEveryMs < 1000)
    problems.push(`STATUS_EVERY_MS=${env.STATUS_EVERY_MS}: must be a whole number of milliseconds, at least 1000.`);
  const projector = { batchSize, delivery: projectorDelivery, statusEveryMs };

  const devOutboxText = (env.DEV_OUTBOX ?? '').trim();
  const devOutbox = devOutboxText
    ? parseBoolean('DEV_OUTBOX', devOutboxText, problems)
    : smtp === null && smsProvider === null;

  const trustProxy = parseTrustProxy(text('TRUST_PROXY', 'false'), problems);

  const metricsPortText = text('METRICS_PORT', '9464');
  let metrics: Config['metrics'] = null;
  if (metricsPortText !== 'off') {
    const metricsPort = Number(metricsPortText);
    if (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535)
      problems.push(`METRICS_PORT=${metricsPortText}: must be a port from 0 to 65535, or off.`);
    metrics = { port: metricsPort, host: text('METRICS_HOST', '127.0.0.1') };
  }

  if (profile !== 'embedded' && jwtSecret === null)
    problems.push(
      `JWT_SECRET: required with PROFILE=${profile} (every process must sign and check tokens with the same secret).`,
    );
  if (profile !== 'embedded' && dataKeysSecret === null)
    problems.push(
      `DATA_KEYS_SECRET: required with PROFILE=${profile} (the root of the keys that protect stored data, the same in every process, apart from JWT_SECRET so either can be rotated).`,
    );
  if (profile !== 'embedded') {
    // Secrets shared by every process are set by hand: refuse one copied from an example or typed as a pattern.
    const named: [string, string | null][] = [
      ['JWT_SECRET', jwtSecret],
      ['DATA_KEYS_SECRET', dataKeysSecret],
      ...jwtPreviousSecrets.map((secret): [string, string] => ['JWT_PREVIOUS_SECRETS', secret]),
      ...keyEncryptionKeys.map((secret): [string, string] => ['KEY_ENCRYPTION_KEYS', secret]),
    ];
    for (const [name, secret] of named) {
      const weakness = secret === null || Buffer.byteLength(secret) < 32 ? null : weakSecret(secret);
      if (weakness === 'placeholder')
        problems.push(`${name}: looks like a placeholder (written out in words): ${MAKE_A_SECRET}.`);
      if (weakness === 'regular')
        problems.push(`${name}: too regular to be random (under ${MIN_SECRET_BITS} bits): ${MAKE_A_SECRET}.`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const smsWebhookSecret = env.SMS_WEBHOOK_SECRET?.trim() || smsProvider?.authToken || null;
  return {
    profile,
    stores,
    port,
    host,
    dataDir,
    sqliteSynchronous,
    publicBaseUrl,
    jwtSecret,
    jwtPreviousSecrets,
    dataKeysSecret,
    keyEncryptionKeys,
    logLevel,
    consistencyWaitMs,
    bodyLimitBytes,
    runProjections,
    runDelivery,
    seedDemo,
    smtp,
    smsProvider,
    deliveryRetryBaseMs,
    smsWebhookSecret,
    smsStatusCallbackUrl,
    devOutbox,
    trustProxy,
    metrics,
    projector,
  };
}

function parseBoolean(name: string, value: string, problems: string[]): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  problems.push(`${name}=${value}: must be true or false.`);
  return false;
}

const IP_OR_CIDR = /^(?:loopback|linklocal|uniquelocal|[0-9.]+(?:\/\d{1,2})?|[0-9a-fA-F:]+(?:\/\d{1,3})?)$/;

function parseTrustProxy(value: string, problems: string[]): Config['trustProxy'] {
  if (value === 'false' || value === '0') return false;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const bad = entries.filter((entry) => !IP_OR_CIDR.test(entry));
  if (entries.length === 0 || bad.length) {
    problems.push(
      `TRUST_PROXY=${value}: must be false, a number of hops, or a comma-separated list of proxy addresses or CIDRs (e.g. 10.0.0.0/8, loopback).`,
    );
    return false;
  }
  return entries;
}

function parseStores(env: NodeJS.ProcessEnv, profile: Profile, problems: string[]): Config['stores'] {
  const value = (name: string) => env[name]?.trim() || null;
  const stores: Config['stores'] = {
    databaseUrl: value('DATABASE_URL'),
    databaseSchema: value('DATABASE_SCHEMA') ?? 'public',
    eventStoreUrl: value('EVENTSTORE_URL'),
    mongodbUrl: value('MONGODB_URL'),
    mongodbDatabase: value('MONGODB_DATABASE') ?? 'patient_invites',
  };
  const url = (name: string, text: string | null, schemes: string[], example: string) => {
    if (text === null) return problems.push(`${name}: required with PROFILE=${profile} (example: ${example}).`);
    try {
      if (!schemes.includes(new URL(text).protocol)) throw new Error('scheme');
    } catch {
      // The URL may hold a password: name the setting, never echo it.
      problems.push(`${name}: not a ${schemes.join(' or ')}// URL (example: ${example}).`);
    }
  };
  if (profile === 'postgres') {
    url('DATABASE_URL', stores.databaseUrl, ['postgres:', 'postgresql:'], 'postgres://invites:secret@db:5432/invites');
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(stores.databaseSchema))
      problems.push(
        `DATABASE_SCHEMA=${stores.databaseSchema}: lower-case letters, digits and _, starting with a letter.`,
      );
  }
  if (profile === 'kurrent') {
    url(
      'EVENTSTORE_URL',
      stores.eventStoreUrl,
      ['esdb:', 'esdb+discover:', 'kurrentdb:'],
      'esdb://kurrent:2113?tls=false',
    );
    url('MONGODB_URL', stores.mongodbUrl, ['mongodb:', 'mongodb+srv:'], 'mongodb://mongo:27017/?replicaSet=rs0');
  }
  return stores;
}
