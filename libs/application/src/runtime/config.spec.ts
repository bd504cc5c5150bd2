import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('runs the embedded profile with sensible defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      profile: 'embedded',
      port: 3000,
      dataDir: '/srv/app/data',
      publicBaseUrl: 'http://localhost:3000',
      jwtSecret: null,
    });
  });

  it('names every bad value and what would be accepted, all at once', () => {
    let error: unknown;
    try {
      loadConfig(
        { PORT: 'eighty', PUBLIC_BASE_URL: 'not a url', JWT_SECRET: 'short', LOG_LEVEL: 'loud', PROFILE: 'production' },
        '/srv',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT=eighty: must be a whole number/);
    expect(problems).toMatch(/PUBLIC_BASE_URL=not a url: not a URL/);
    expect(problems).toMatch(/JWT_SECRET: must be at least 32 bytes/);
    expect(problems).toMatch(/LOG_LEVEL=loud/);
    expect(problems).toMatch(/PROFILE=production: must be embedded \(SQLite, one process\), postgres/);
  });

  it("reads the projector's settings with the rest, and names bad ones the same way", () => {
    expect(loadConfig({}).projector).toEqual({ batchSize: 500, delivery: false, statusEveryMs: 30_000 });
    expect(() => loadConfig({ PROJECTION_BATCH_SIZE: '0', PROJECTOR_DELIVERY: 'maybe' })).toThrow(
      /PROJECTION_BATCH_SIZE=0: must be a whole number from 1 to 10000[\s\S]*PROJECTOR_DELIVERY/,
    );
  });

  it('drops a trailing slash from the public base URL', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://invite.clinic.test/' }).publicBaseUrl).toBe(
      'https://invite.clinic.test',
    );
  });

  it('trusts no proxy, serves metrics on loopback and the dev outbox only without real providers, by default', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({
      trustProxy: false,
      metrics: { port: 9464, host: '127.0.0.1' },
      devOutbox: true,
    });
    expect(loadConfig({ SMTP_URL: 'smtp://mail.example:587' }, '/srv').devOutbox).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback', METRICS_PORT: 'off' }, '/srv')).toMatchObject({
      trustProxy: ['10.0.0.0/8', 'loopback'],
      metrics: null,
    });
    expect(loadConfig({ TRUST_PROXY: '2' }, '/srv').trustProxy).toBe(2);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone', METRICS_PORT: 'ninety' }, '/srv')).toThrow(
      /TRUST_PROXY=everyone[\s\S]*METRICS_PORT=ninety/,
    );
  });

  it('syncs every commit to disk by default, and says what each durability setting survives when it is wrong', () => {
    expect(loadConfig({}, '/srv').sqliteSynchronous).toBe('full');
    expect(loadConfig({ SQLITE_SYNCHRONOUS: 'NORMAL' }, '/srv').sqliteSynchronous).toBe('normal');
    expect(() => loadConfig({ SQLITE_SYNCHRONOUS: 'off' }, '/srv')).toThrow(
      /SQLITE_SYNCHRONOUS=off: must be full .*power cut.* or normal/,
    );
  });

  it('reads the postgres and kurrent profiles, and names every setting they need without echoing a password', () => {
    const secrets = {
      JWT_SECRET: randomBytes(32).toString('base64url'),
      DATA_KEYS_SECRET: randomBytes(32).toString('hex'),
    };
    const config = loadConfig({ PROFILE: 'postgres', DATABASE_URL: 'postgres://u:pw@db:5432/pi', ...secrets }, '/srv');
    expect(config).toMatchObject({
      profile: 'postgres',
      stores: { databaseUrl: 'postgres://u:pw@db:5432/pi', databaseSchema: 'public' },
    });
    const missing = (env: Record<string, string>) => {
      try {
        loadConfig(env, '/srv');
      } catch (error) {
        return (error as ConfigError).message;
      }
      return '';
    };
    const postgres = missing({
      PROFILE: 'postgres',
      DATABASE_URL: 'mysql://u:hunter2@db/pi',
      DATABASE_SCHEMA: 'Bad-Name',
    });
    expect(postgres).toMatch(/DATABASE_URL: not a postgres: or postgresql:\/\/ URL/);
    expect(postgres).toMatch(/DATABASE_SCHEMA=Bad-Name/);
    expect(postgres).toMatch(/JWT_SECRET: required with PROFILE=postgres/);
    expect(postgres).toMatch(/DATA_KEYS_SECRET: required with PROFILE=postgres/);
    expect(postgres).not.toContain('hunter2');
    const kurrent = missing({ PROFILE: 'kurrent', ...secrets });
    expect(kurrent).toMatch(/EVENTSTORE_URL: required with PROFILE=kurrent/);
    expect(kurrent).toMatch(/MONGODB_URL: required with PROFILE=kurrent/);
    expect(missing({ JWT_PREVIOUS_SECRETS: 'short', DATA_KEYS_SECRET: 'short' })).toMatch(
      /JWT_PREVIOUS_SECRETS: .*\n?.*DATA_KEYS_SECRET: must be at least 32 bytes/s,
    );
  });

  it('refuses, outside the embedded profile, a secret published as an example or too regular to be random', () => {
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig({ PROFILE: 'postgres', DATABASE_URL: 'postgres://u:pw@db:5432/pi', ...env }, '/srv');
      } catch (error) {
        return (error as ConfigError).message;
      }
      return '';
    };
    const good = randomBytes(32).toString('base64url');
    // docker-compose.yml's old defaults, and the GitHub workflow's: published, so anyone could sign tokens.
    const published = refused({
      JWT_SECRET: 'change-me-to-32-random-bytes-or-more!!',
      DATA_KEYS_SECRET: 'ci-only-data-keys-of-at-least-thirty-two-bytes',
    });
    expect(published).toMatch(/JWT_SECRET: looks like a placeholder/);
    expect(published).toMatch(/DATA_KEYS_SECRET: looks like a placeholder/);
    expect(published).toMatch(/openssl rand -base64 32/);
    const regular = refused({ JWT_SECRET: 'j'.repeat(40), DATA_KEYS_SECRET: 'abcdabcdabcdabcdabcdabcdabcdabcdabcd' });
    expect(regular).toMatch(/JWT_SECRET: too regular to be random/);
    expect(regular).toMatch(/DATA_KEYS_SECRET: too regular to be random/);
    expect(refused({ JWT_SECRET: good, DATA_KEYS_SECRET: good, KEY_ENCRYPTION_KEYS: 'x'.repeat(40) })).toMatch(
      /KEY_ENCRYPTION_KEYS: too regular to be random/,
    );
    // Never the secret itself in the message.
    expect(published).not.toContain('change-me-to-32');
    expect(refused({ JWT_SECRET: good, DATA_KEYS_SECRET: randomBytes(32).toString('hex') })).toBe('');
    // The embedded profile keeps its own generated secrets; one set by hand there is the user's to choose.
    expect(() => loadConfig({ JWT_SECRET: 'y'.repeat(40) }, '/srv')).not.toThrow();
  });
});
