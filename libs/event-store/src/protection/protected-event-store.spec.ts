import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { event, eventStoreContract } from '../contract/event-store.contract.js';
import { UnreadableEvent } from '../event-store.errors.js';
import type { EventStore } from '../event-store.port.js';
import { InMemoryEventStore, InMemoryLog } from '../memory/in-memory-event-store.js';
import { openSqliteDatabase, type SqliteDatabase } from '../sqlite/sqlite-database.js';
import { SqliteEventStore } from '../sqlite/sqlite-event-store.js';
import { DataKeyRing } from './data-key-ring.js';
import { keyEncryptionKeysFrom } from './key-encryption-keys.js';
import { InMemorySubjectKeys } from './memory-subject-keys.js';
import type { PersonalDataPolicy } from './personal-data-policy.js';
import { ProtectedEventStore } from './protected-event-store.js';
import { DataKeyUnavailable, SubjectErased } from './protection.errors.js';

const policy: PersonalDataPolicy = {
  fields: {
    PersonAdded: { subject: (data: { personId: string }) => `person:${data.personId}`, paths: ['name', 'to.phone'] },
  },
  erasure: { type: 'PersonErased', subjects: (data: { subjects: string[] }) => data.subjects },
  erasedValue: '[erased]',
};

// The decorator keeps every promise of the port.
eventStoreContract('protected in-memory', async ({ upcasters }) => {
  const log = new InMemoryLog();
  const keys = new InMemorySubjectKeys();
  const wrap = () =>
    new ProtectedEventStore(
      new InMemoryEventStore(log, { upcasters, pollIntervalMs: 50 }),
      new DataKeyRing(keys, keyEncryptionKeysFrom(['secret'])),
      policy,
    );
  return { store: wrap(), reopen: async () => wrap(), dispose: async () => {} };
});

describe('personal values sealed in the log (crypto-shredding)', () => {
  let dir: string;
  let db: SqliteDatabase;
  let raw: SqliteEventStore;
  let keys: InMemorySubjectKeys;
  let store: EventStore;
  const added = (personId: string) =>
    event('PersonAdded', { personId, name: 'Ada Lovelace', to: { phone: '+14155550100', email: null }, count: 3 });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pi-sealed-'));
    db = openSqliteDatabase(join(dir, 'log.sqlite'));
    raw = new SqliteEventStore(db);
    keys = new InMemorySubjectKeys();
    store = new ProtectedEventStore(raw, new DataKeyRing(keys, keyEncryptionKeysFrom(['secret'])), policy);
  });
  afterEach(async () => {
    await raw.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores no personal value in the clear, and reads every value back', async () => {
    const written = added('p1');
    await store.append('person-p1', [written], 'no_stream');
    const rows = db.prepare('SELECT data FROM events').all() as { data: string }[];
    expect(rows[0].data).not.toMatch(/Ada|Lovelace|4155550100/);
    expect(JSON.parse(rows[0].data)).toMatchObject({ personId: 'p1', count: 3, to: { email: null } });
    const [read] = await store.readStream('person-p1');
    expect(read.data).toEqual(written.data);
    expect(written.data).toEqual(added('p1').data);
  });

  it('reads erased values once the key is destroyed, everywhere: stream, log and subscription', async () => {
    await store.append('person-p1', [added('p1')], 'no_stream');
    await store.append('person-p2', [added('p2')], 'no_stream');
    await keys.destroy(['person:p1'], new Date().toISOString());
    const fresh = new ProtectedEventStore(raw, new DataKeyRing(keys, keyEncryptionKeysFrom(['secret'])), policy);
    const [erased] = await fresh.readStream('person-p1');
    expect(erased.data).toEqual({
      personId: 'p1',
      name: '[erased]',
      to: { phone: '[erased]', email: null },
      count: 3,
    });
    const all = await fresh.readAll();
    expect(all.map((e) => (e.data as { name: string }).name)).toEqual(['[erased]', 'Ada Lovelace']);
    await expect(fresh.append('person-p1', [added('p1')], 0)).rejects.toBeInstanceOf(SubjectErased);
  });

  it('an erasure event takes effect for its readers at once, before the key table is touched', async () => {
    await store.append('person-p1', [added('p1')], 'no_stream');
    await store.readStream('person-p1'); // the key is now cached
    await store.append('person-p1', [event('PersonErased', { subjects: ['person:p1'] })], 0);
    const read = await store.readStream('person-p1');
    expect((read[0].data as { name: string }).name).toBe('[erased]');
  });

  it('refuses to read sealed data whose key is missing (a lost key table is not an erasure)', async () => {
    await store.append('person-p1', [added('p1')], 'no_stream');
    const other = new ProtectedEventStore(
      raw,
      new DataKeyRing(new InMemorySubjectKeys(), keyEncryptionKeysFrom(['secret'])),
      policy,
    );
    await expect(other.readStream('person-p1')).rejects.toBeInstanceOf(DataKeyUnavailable);
    const wrongKek = new ProtectedEventStore(raw, new DataKeyRing(keys, keyEncryptionKeysFrom(['other'])), policy);
    await expect(wrongKek.readStream('person-p1')).rejects.toThrow(/not configured/);
  });

  it('a sealed value moved to another event does not open', async () => {
    await store.append('person-p1', [added('p1'), added('p1')], 'no_stream');
    const [first, second] = db.prepare('SELECT position, data FROM events ORDER BY position').all() as {
      position: number;
      data: string;
    }[];
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(first.data, second.position);
    await expect(store.readStream('person-p1')).rejects.toBeInstanceOf(UnreadableEvent);
  });
});
