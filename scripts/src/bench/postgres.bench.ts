import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtCodec, readDemoPractice } from '@pi/application';
import type { EventStore } from '@pi/event-store';
import { PostgresEventStore } from '@pi/event-store/postgres';
import { openSqliteDatabase, SqliteEventStore } from '@pi/event-store/sqlite';
import pg from 'pg';
import { benchEvent, rate } from './append.bench.js';
import { freePort, load, stop, waitForHttp } from './http.bench.js';
import { appMain } from '../app-processes.js';

const apiMain = appMain('api');
const projectorMain = appMain('projector');

/** Single-event commits one after another, the same from 16 writers, 100-event commits; then a read of the whole log. */
async function measure(store: EventStore, options: { single: number; batched: number }) {
  let started = performance.now();
  for (let i = 0; i < options.single; i++) await store.append(`practice-${i % 100}`, [benchEvent(i)], 'any');
  const singleEventCommits = rate(options.single, started);
  started = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async (_, w) => {
      for (let i = 0; i < options.single / 16; i++) await store.append(`practice-w${w}`, [benchEvent(i)], 'any');
    }),
  );
  const concurrentSingleEventCommits = { writers: 16, ...rate(options.single, started) };
  started = performance.now();
  for (let i = 0; i < options.batched / 100; i++)
    await store.append(
      `practice-b${i % 100}`,
      Array.from({ length: 100 }, (_, j) => benchEvent(j)),
      'any',
    );
  const batchedCommits = { eventsPerCommit: 100, ...rate(options.batched, started) };
  // Replay: the whole log through readAll, 1,000 at a time, as a rebuild reads it.
  started = performance.now();
  let read = 0;
  for (let after = 0n; ;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) break;
    read += page.length;
    after = page[page.length - 1].position;
  }
  const replay = rate(read, started);
  return { singleEventCommits, concurrentSingleEventCommits, batchedCommits, replay };
}

const addContact = (prefix: string) => (i: number) => ({
  name: `Bench Contact ${i}`,
  email: `${prefix}-${i}-${randomBytes(3).toString('hex')}@bench.example`,
});

function spawnNode(main: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [main], { env: { ...process.env, ...env }, stdio: 'ignore' });
}

/**
 * Add Contact (POST /v1/contacts: a contact stream and its email reservation, each request its own) on two API
 * instances at once (PostgreSQL, projector apart), against one embedded API in the same run.
 */
async function twoInstances(url: string, seconds: number) {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  try {
    const secret = randomBytes(32).toString('base64url');
    const dataDir = mkdtempSync(join(tmpdir(), 'pi-bench-pg-'));
    dirs.push(dataDir);
    const env = {
      PROFILE: 'postgres',
      DATABASE_URL: url,
      DATABASE_SCHEMA: schema,
      JWT_SECRET: secret,
      DATA_KEYS_SECRET: randomBytes(32).toString('base64url'),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      METRICS_PORT: 'off',
      RUN_PROJECTIONS: 'false',
    };
    const ports = [await freePort(), await freePort()];
    children.push(spawnNode(apiMain, { ...env, PORT: String(ports[0]), SEED_DEMO: 'true' }));
    await waitForHttp(`http://127.0.0.1:${ports[0]}/health`, children[0]);
    children.push(spawnNode(apiMain, { ...env, PORT: String(ports[1]), SEED_DEMO: 'false' }));
    children.push(spawnNode(projectorMain, env));
    await waitForHttp(`http://127.0.0.1:${ports[1]}/health`, children[1]);
    const demo = readDemoPractice(dataDir)!;
    const token = await new JwtCodec(secret).sign({
      practiceId: demo.practiceId,
      staffId: demo.staff.admin,
      roles: ['admin'],
    });
    const runs = await Promise.all(
      ports.map((port, instance) =>
        load(`http://127.0.0.1:${port}/v1/contacts`, token, seconds, 8, 'POST', addContact(`i${instance}`)),
      ),
    );
    const postgres = {
      instances: 2,
      requestsPerSecond: runs.reduce((sum, r) => sum + r.requestsPerSecond, 0),
      p99Ms: Math.max(...runs.map((r) => r.p99Ms)),
      non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    };
    for (const child of children.splice(0)) await stop(child);

    const embeddedDir = mkdtempSync(join(tmpdir(), 'pi-bench-emb-'));
    dirs.push(embeddedDir);
    const port = await freePort();
    const embeddedSecret = randomBytes(32).toString('base64url');
    children.push(
      spawnNode(apiMain, {
        DATA_DIR: embeddedDir,
        PORT: String(port),
        LOG_LEVEL: 'silent',
        METRICS_PORT: 'off',
        JWT_SECRET: embeddedSecret,
      }),
    );
    await waitForHttp(`http://127.0.0.1:${port}/health`, children[0]);
    const embeddedDemo = readDemoPractice(embeddedDir)!;
    const embeddedToken = await new JwtCodec(embeddedSecret).sign({
      practiceId: embeddedDemo.practiceId,
      staffId: embeddedDemo.staff.admin,
      roles: ['admin'],
    });
    const embedded = await load(
      `http://127.0.0.1:${port}/v1/contacts`,
      embeddedToken,
      seconds,
      16,
      'POST',
      addContact('e'),
    );
    return {
      command: 'POST /v1/contacts',
      postgres,
      baseline: { profile: 'embedded', instances: 1, ...embedded },
      ratio: Number((postgres.requestsPerSecond / embedded.requestsPerSecond).toFixed(2)),
    };
  } finally {
    for (const child of children) await stop(child);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

/**
 * The PostgreSQL profile beside the embedded one, on the same workload in
 * the same run: appends (single, 16 writers, 100 per commit), a replay of
 * the whole log, and a command over HTTP on two API instances. Durability:
 * SQLite at synchronous=FULL; PostgreSQL as the server is configured (its
 * fsync and synchronous_commit settings are reported).
 */
export async function postgresBench(url: string, options: { single: number; batched: number; seconds: number }) {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'pi-bench-sqlite-'));
  const db = openSqliteDatabase(join(dir, 'bench.sqlite'), { synchronous: 'full' });
  const sqliteStore = new SqliteEventStore(db);
  const pgStore = await PostgresEventStore.open({ url, schema });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const settings = await client.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'server_version')",
    );
    const sqlite = await measure(sqliteStore, options);
    const postgres = await measure(pgStore, options);
    const ratio = (key: 'singleEventCommits' | 'concurrentSingleEventCommits' | 'batchedCommits' | 'replay') =>
      Number((postgres[key].eventsPerSecond / sqlite[key].eventsPerSecond).toFixed(2));
    return {
      name: 'postgres',
      server: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
      postgres,
      baseline: { store: 'sqlite', synchronous: 'full', ...sqlite },
      postgresToSqlite: {
        singleEventCommits: ratio('singleEventCommits'),
        concurrentSingleEventCommits: ratio('concurrentSingleEventCommits'),
        batchedCommits: ratio('batchedCommits'),
        replay: ratio('replay'),
      },
      http: await twoInstances(url, options.seconds),
    };
  } finally {
    await pgStore.close();
    await sqliteStore.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}
