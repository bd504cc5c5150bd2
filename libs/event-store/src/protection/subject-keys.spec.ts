import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { subjectKeysContract } from '../contract/subject-keys.contract.js';
import { describeOnPostgres, dropSchema, freshSchema } from '../postgres/postgres.fixture.js';
import { PostgresSubjectKeys } from '../postgres/postgres-subject-keys.js';
import { SqliteSubjectKeys } from '../sqlite/sqlite-subject-keys.js';
import { InMemorySubjectKeys } from './memory-subject-keys.js';

subjectKeysContract('in-memory', async () => ({ store: new InMemorySubjectKeys(), dispose: async () => {} }));

subjectKeysContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pi-keys-'));
  const store = SqliteSubjectKeys.open(join(dir, 'subject-keys.sqlite'));
  return { store, dispose: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
});

it('a destroyed key leaves no trace in the SQLite key file or its write-ahead log', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pi-keys-'));
  const file = join(dir, 'subject-keys.sqlite');
  const store = SqliteSubjectKeys.open(file);
  try {
    const wrapped = Buffer.from('a wrapped key that must not survive its destruction').toString('base64');
    await store.add([{ subject: 'contact:1', kekId: 'kek-a', wrapped }]);
    const onDisk = () =>
      ['', '-wal'].map((suffix) => {
        try {
          return readFileSync(file + suffix).toString('latin1');
        } catch {
          return '';
        }
      });
    expect(onDisk().some((bytes) => bytes.includes(wrapped))).toBe(true);
    await store.destroy(['contact:1'], new Date().toISOString());
    expect(onDisk().some((bytes) => bytes.includes(wrapped))).toBe(false);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('keys added in the same turn share one commit, and two adds of one subject both answer the row stored first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pi-keys-'));
  const store = SqliteSubjectKeys.open(join(dir, 'subject-keys.sqlite'));
  const transactions = vi.spyOn((store as unknown as { db: import('better-sqlite3').Database }).db, 'transaction');
  try {
    const adds = Array.from({ length: 50 }, (_, i) =>
      store.add([{ subject: `contact:${i}`, kekId: 'kek-a', wrapped: `key-${i}` }]),
    );
    const first = store.add([{ subject: 'contact:same', kekId: 'kek-a', wrapped: 'first' }]);
    const second = store.add([{ subject: 'contact:same', kekId: 'kek-a', wrapped: 'second' }]);
    const answers = await Promise.all(adds);
    answers.forEach((rows, i) =>
      expect(rows.get(`contact:${i}`)).toEqual({ subject: `contact:${i}`, kekId: 'kek-a', wrapped: `key-${i}` }),
    );
    expect((await first).get('contact:same')).toEqual({ subject: 'contact:same', kekId: 'kek-a', wrapped: 'first' });
    expect((await second).get('contact:same')).toEqual({ subject: 'contact:same', kekId: 'kek-a', wrapped: 'first' });
    expect(transactions).toHaveBeenCalledTimes(1);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('a commit that fails refuses every add of its turn, and stores none of them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pi-keys-'));
  const file = join(dir, 'subject-keys.sqlite');
  const store = SqliteSubjectKeys.open(file);
  // Another connection holds the write lock for longer than the busy timeout.
  const blocker = SqliteSubjectKeys.open(file) as unknown as { db: import('better-sqlite3').Database };
  try {
    blocker.db.pragma('busy_timeout = 0');
    blocker.db.exec('BEGIN IMMEDIATE');
    (store as unknown as { db: import('better-sqlite3').Database }).db.pragma('busy_timeout = 0');
    const adds = [1, 2].map((i) => store.add([{ subject: `contact:${i}`, kekId: 'kek-a', wrapped: `key-${i}` }]));
    const outcomes = await Promise.allSettled(adds);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    blocker.db.exec('ROLLBACK');
    expect((await store.get(['contact:1', 'contact:2'])).size).toBe(0);
  } finally {
    blocker.db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describeOnPostgres('subject keys', (url) =>
  subjectKeysContract('postgres', async () => {
    const schema = freshSchema('keys');
    const store = await PostgresSubjectKeys.open({ url, schema });
    return { store, dispose: async () => (await store.close(), await dropSchema(url, schema)) };
  }),
);
