import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import type { Role } from '@pi/domain';
import { dropSchema, freshSchema, testDatabaseUrl } from '@pi/event-store/postgres-testing';
import {
  AddStaffMemberCommand,
  type Clock,
  CommandExecutor,
  type Config,
  type DemoPractice,
  JwtCodec,
  loadConfig,
  Provisioning,
  Reservations,
  resolveJwtSecret,
  systemClock,
} from '@pi/application';
import { startApp, type RunningApp } from '../create-app.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface TestApp {
  running: RunningApp;
  url: string;
  config: Config;
  /** What another process (a CLI, a second instance, the projector) needs to reach the same stores. */
  processEnv: Record<string, string>;
  demo: DemoPractice;
  token(role?: Role, claims?: { practiceId?: string; staffId?: string }): Promise<string>;
  request<T = any>(
    method: string,
    path: string,
    options?: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  /** Provisions another practice (as `npm run practice -- create` does) with its admin and one staff member per other role. */
  otherPractice(): Promise<{
    practiceId: string;
    adminId: string;
    staff: Record<Role, string>;
    token(role?: Role): Promise<string>;
  }>;
  /** Registers an operator of the platform and signs a token for them. */
  operator(): Promise<{ operatorId: string; token: string }>;
  /** The embedded outbox of a practice (the demo one unless a token says otherwise), as its admin reads it. */
  outbox(token?: string): Promise<{ channel: string; to: string; subject: string | null; text: string }[]>;
  /** The codes texted to patients (no practice's outbox shows them), as an operator of the platform reads them. */
  codes(): Promise<{ channel: string; to: string; subject: string | null; text: string }[]>;
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

/** A clock a test moves by hand (code expiry, resend limits). */
export function testClock(start = Date.now()): Clock & { advance(seconds: number): void } {
  let now = start;
  return { now: () => new Date(now), advance: (seconds) => void (now += seconds * 1000) };
}

/**
 * The profile API tests run on: embedded (a fresh SQLite file) unless
 * TEST_PROFILE=postgres, where each app gets a fresh schema of DATABASE_URL
 * (the `test:postgres` script runs the API's HTTP suites that way).
 */
export function testProfileEnv(): Record<string, string> {
  if (process.env.TEST_PROFILE !== 'postgres') return {};
  const url = testDatabaseUrl();
  if (!url) throw new Error('TEST_PROFILE=postgres needs DATABASE_URL (export DATABASE_URL=$(bash .ci/postgres)).');
  return {
    PROFILE: 'postgres',
    DATABASE_URL: url,
    DATABASE_SCHEMA: freshSchema('api'),
    JWT_SECRET: randomBytes(32).toString('base64url'),
    DATA_KEYS_SECRET: randomBytes(32).toString('base64url'),
  };
}

/** A real API on a real store (a SQLite file in a fresh directory, or a fresh PostgreSQL schema), listening on a free port. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { clock?: Clock } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pi-api-'));
  const profileEnv = testProfileEnv();
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'silent',
    CONSISTENCY_WAIT_MS: '3000',
    ...profileEnv,
    ...env,
  });
  const running = await startApp(config, { clock: options.clock });
  const demo = running.demo!.practice;
  const jwt = new JwtCodec(resolveJwtSecret(config.jwtSecret, dataDir));
  let adminToken: string | null = null;
  let operatorToken: string | null = null;

  const token = async (role: Role = 'admin', claims: { practiceId?: string; staffId?: string } = {}) =>
    jwt.sign({
      practiceId: claims.practiceId ?? demo.practiceId,
      staffId: claims.staffId ?? demo.staff[role],
      roles: [role],
    });

  const request: TestApp['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const bearer = options.token === undefined ? (adminToken ??= await token('admin')) : options.token;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${running.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as never, text };
  };

  const operator = async () => {
    const executor = running.app.get(CommandExecutor);
    const { operatorId } = await new Provisioning(executor, running.app.get(Reservations), systemClock).createOperator({
      name: 'Olga Ops',
      email: `ops-${randomUUID()}@platform.example`,
    });
    return { operatorId, token: await jwt.sign({ operatorId }) };
  };

  return {
    running,
    url: running.url,
    config,
    processEnv: { DATA_DIR: dataDir, ...profileEnv },
    demo,
    token,
    request,
    async otherPractice() {
      const executor = running.app.get(CommandExecutor);
      const reservations = running.app.get(Reservations);
      const tag = randomUUID();
      const { practiceId, adminStaffId } = await new Provisioning(executor, reservations, systemClock).createPractice({
        name: 'Other Clinic',
        adminName: 'Other Admin',
        adminEmail: `admin-${tag}@other.example`,
      });
      const staff = { admin: adminStaffId } as Record<Role, string>;
      const context = { practiceId, actor: adminStaffId, correlationId: tag, causationId: tag };
      for (const role of ['staff', 'support', 'auditor', 'analyst'] as const) {
        const { staffId } = await running.app
          .get(CommandBus)
          .execute(
            new AddStaffMemberCommand({ name: `Other ${role}`, email: `${role}-${tag}@other.example`, role }, context),
          );
        staff[role] = staffId;
      }
      return {
        practiceId,
        adminId: adminStaffId,
        staff,
        token: (role: Role = 'admin') => jwt.sign({ practiceId, staffId: staff[role], roles: [role] }),
      };
    },
    operator,
    async outbox(token) {
      const response = await request('GET', '/dev/outbox', token ? { token } : {});
      if (response.status !== 200) throw new Error(`GET /dev/outbox answered ${response.status}`);
      return response.body.items;
    },
    async codes() {
      operatorToken ??= (await operator()).token;
      const response = await request('GET', '/dev/outbox', { token: operatorToken });
      if (response.status !== 200) throw new Error(`GET /dev/outbox (operator) answered ${response.status}`);
      return response.body.items;
    },
    async eventCount() {
      return (await running.runtime.events.countAfter(0n)) ?? 0;
    },
    async close() {
      await running.close();
      if (config.profile === 'postgres' && config.stores.databaseUrl)
        await dropSchema(config.stores.databaseUrl, config.stores.databaseSchema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Reads until `done` says the value is the awaited one, or the time is up; returns
 * the last value either way, so the test's own assertion says what it got.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
