import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
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

describeOnPostgres('subject keys', (url) =>
  subjectKeysContract('postgres', async () => {
    const schema = freshSchema('keys');
    const store = await PostgresSubjectKeys.open({ url, schema });
    return { store, dispose: async () => (await store.close(), await dropSchema(url, schema)) };
  }),
);
