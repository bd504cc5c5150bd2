import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '@pi/application';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(`${root}${file}`, 'utf8');

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR:?message} (unset or empty is an error). */
function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_match, name: string, op?: string, arg?: string) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (op === '?') throw new Error(`${name}: ${arg || 'required'}`);
    return op === '-' ? (arg ?? '') : '';
  });
}

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
}

/** As Compose does: the YAML is parsed first (anchors merged), then each string value is interpolated. */
function interpolated(value: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolated(item, env));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolated(item, env)]));
  return value;
}

const services = (env: Record<string, string | undefined>) =>
  (
    interpolated(parse(read('docker-compose.yml'), { merge: true }), env) as {
      services: Record<string, Service>;
    }
  ).services;

const fresh = () => randomBytes(32).toString('base64');
const settings = () => ({
  JWT_SECRET: fresh(),
  DATA_KEYS_SECRET: fresh(),
  // Hex, as the stack asks: it goes into DATABASE_URL.
  POSTGRES_PASSWORD: randomBytes(32).toString('hex'),
  SMS_PROVIDER_URL: 'https://api.twilio.com',
  SMS_ACCOUNT_SID: 'AC0123',
  SMS_AUTH_TOKEN: fresh(),
  SMS_FROM: '+14155550000',
});

describe('the deployed stack (docker-compose.yml, Dockerfile, .dockerignore), read as Docker and the API would', () => {
  it('will not interpolate without each secret and the SMS provider: nothing published stands in for them', () => {
    for (const name of Object.keys(settings())) {
      const env: Record<string, string | undefined> = { ...settings(), [name]: undefined };
      expect(() => services(env), name).toThrow(new RegExp(`^${name}`));
    }
  });

  it("starts every application service's settings through the config check, with no demo practice and no dev outbox", () => {
    const stack = services({ ...settings() });
    const app = Object.entries(stack).filter(([, s]) => s.image?.startsWith('patient-invites'));
    expect(app.map(([name]) => name).sort()).toEqual([
      'api-1',
      'api-2',
      'api-kurrent',
      'projector',
      'projector-kurrent',
    ]);
    for (const [name, service] of app) {
      const config = loadConfig(service.environment ?? {}, '/app');
      expect(config.profile, name).not.toBe('embedded');
      expect(config.seedDemo && !name.startsWith('projector'), name).toBe(false);
      expect(config.devOutbox && !name.startsWith('projector'), name).toBe(false);
      expect(
        service.volumes?.every((v) => !v.startsWith('/')),
        `${name}: named volumes only`,
      ).toBe(true);
    }
    // One image, built once.
    expect(app.filter(([, s]) => s.build !== undefined).map(([name]) => name)).toEqual(['api-1']);
  });

  it('refuses the placeholders the stack once shipped, were they set again', () => {
    const stack = services({
      ...settings(),
      JWT_SECRET: 'change-me-to-32-random-bytes-or-more!!',
      DATA_KEYS_SECRET: 'change-me-too-32-random-bytes-or-more!',
    });
    expect(() => loadConfig(stack['api-1'].environment ?? {}, '/app')).toThrow(ConfigError);
    expect(() => loadConfig(stack['api-1'].environment ?? {}, '/app')).toThrow(/JWT_SECRET: looks like a placeholder/);
  });

  it('runs the image as a non-root user, with no anonymous volume, and keeps .env and data out of it', () => {
    const dockerfile = read('Dockerfile');
    const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(lastStage).toMatch(/^USER node$/m);
    expect(lastStage).not.toMatch(/^VOLUME/m);
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.env', '.env.*', 'data', '**/dist', '.git']) expect(ignored, entry).toContain(entry);
  });
});
