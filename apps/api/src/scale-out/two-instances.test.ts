import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeOnPostgres, dropSchema, freshSchema } from '@pi/event-store/postgres-testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DemoPractice, JwtCodec } from '@pi/application';
import {
  startApiProcess,
  startProjectorProcess,
  type ApiProcess,
  type ProcessHandle,
} from '../testing/api-process.fixture.js';
import { eventually } from '../testing/test-app.fixture.js';

/**
 * PROFILE=postgres as it is deployed: two API processes and the projector on
 * one database. The APIs leave projections to the projector; whichever API
 * holds the lease runs the background work.
 */
describeOnPostgres('two API instances and the projector on one database', (url) => {
  const schema = freshSchema('scale');
  const dataDir = mkdtempSync(join(tmpdir(), 'pi-scale-'));
  const env = {
    PROFILE: 'postgres',
    DATABASE_URL: url,
    DATABASE_SCHEMA: schema,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    DATA_KEYS_SECRET: randomBytes(32).toString('base64url'),
    DATA_DIR: dataDir,
    RUN_PROJECTIONS: 'false',
    CONSISTENCY_WAIT_MS: '5000',
  };
  let apis: ApiProcess[] = [];
  let projector: ProcessHandle;
  let token: string;

  const call = async (api: ApiProcess, method: string, path: string, body?: unknown, headers = {}) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, text };
  };
  const health = async (api: ApiProcess) =>
    (await fetch(`${api.url}/health`)).json() as Promise<{ backgroundWork: string }>;

  beforeAll(async () => {
    // The first start creates the demo practice; the second instance finds it in the same store.
    apis.push(await startApiProcess({ ...env, SEED_DEMO: 'true' }));
    apis.push(await startApiProcess({ ...env, SEED_DEMO: 'false' }));
    projector = startProjectorProcess(env);
    const demo = JSON.parse(readFileSync(join(dataDir, 'demo-practice.json'), 'utf8')) as DemoPractice;
    token = await new JwtCodec(env.JWT_SECRET).sign({
      practiceId: demo.practiceId,
      staffId: demo.staff.admin,
      roles: ['admin'],
    });
  }, 90_000);

  afterAll(async () => {
    for (const api of apis) await api.kill();
    await projector?.kill();
    await dropSchema(url, schema);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads its own writes from the other instance with X-Consistent-After', async () => {
    for (const [writer, reader] of [
      [apis[0], apis[1]],
      [apis[1], apis[0]],
    ]) {
      const created = await call(writer, 'POST', '/v1/contacts', {
        name: 'Rita Reader',
        email: `rita-${randomBytes(4).toString('hex')}@example.com`,
      });
      expect(created.status, created.text).toBe(201);
      const read = await call(reader, 'GET', `/v1/contacts/${created.body.id}`, undefined, {
        'X-Consistent-After': created.body.position,
      });
      expect(read.status, read.text).toBe(200);
      expect(read.body.name).toBe('Rita Reader');
    }
  });

  it('lets one of 200 concurrent creates of one slug win, across both instances', async () => {
    const slug = `flyer-${randomBytes(3).toString('hex')}`;
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => call(apis[i % 2], 'POST', '/v1/links', { label: `Flyer ${i}`, slug })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
  });

  it('runs the background work in exactly one instance, and moves it to the other when that one is killed', async () => {
    const states = await Promise.all(apis.map(health));
    expect(states.map((s) => s.backgroundWork).sort()).toEqual(['leader', 'standby']);
    const leader = states.findIndex((s) => s.backgroundWork === 'leader');
    const survivor = apis[1 - leader];
    await apis[leader].kill('SIGKILL');
    const after = await eventually(
      () => health(survivor),
      (s) => s.backgroundWork === 'leader',
      15_000,
    );
    expect(after.backgroundWork).toBe('leader');
    // The survivor delivers what is asked of it now.
    const email = `hand-over-${randomBytes(4).toString('hex')}@example.com`;
    await call(survivor, 'POST', '/v1/links', { label: 'Front desk' });
    const invited = await call(survivor, 'POST', '/v1/invitations', { contact: { name: 'Hana Handover', email } });
    expect(invited.status, invited.text).toBe(201);
    const outbox = await eventually(
      async () => (await call(survivor, 'GET', '/dev/outbox')).body.items as { to: string }[],
      (items) => items.some((m) => m.to === email),
      15_000,
    );
    expect(outbox.some((m) => m.to === email)).toBe(true);
    apis = [survivor];
  });
});
