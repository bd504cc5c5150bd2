import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SqliteEventStore, type SqliteDatabase } from '@pi/event-store/sqlite';
import { DataKeyRing, InMemorySubjectKeys, keyEncryptionKeysFrom, type NewEvent } from '@pi/event-store';
import { ERASED, subjects } from '@pi/domain';
import { ProjectionEngine, SealedDocumentStore, type ReadModelStore } from '@pi/read-store';
import { SqliteDocumentStore } from '@pi/read-store/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactsProjection } from './contacts.projection.js';
import { findDuplicate, getContact, listContacts, searchContacts } from './contacts.query.js';

const meta = { practiceId: 'p1', actor: 't', correlationId: 'c', causationId: 'c', occurredAt: '2026-11-26T10:00:00Z' };
const contact = (name: string, phone: string | null, email: string | null, practiceId = 'p1'): NewEvent => {
  const contactId = randomUUID();
  return {
    id: randomUUID(),
    type: 'ContactCreated',
    data: {
      contactId,
      practiceId,
      name,
      phone: phone && { e164: phone, extension: null, asTyped: phone },
      email,
      tags: [],
      source: 'manual',
      createdAt: '2026-11-26T10:00:00Z',
    },
    metadata: { ...meta, practiceId },
  };
};

// The same answers whether the documents are plain or sealed with keyed blind indexes (SealedDocumentStore).
describe.each(['plain', 'sealed'] as const)('contacts read model: search, %s', (mode) => {
  let dir: string;
  let db: SqliteDatabase;
  let engine: ProjectionEngine;
  let keys: DataKeyRing;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pi-contacts-'));
    db = openSqliteDatabase(join(dir, 'db.sqlite'));
    const events = new SqliteEventStore(db);
    keys = new DataKeyRing(new InMemorySubjectKeys(), keyEncryptionKeysFrom(['contacts spec key-encryption secret']));
    const plain = new SqliteDocumentStore(db);
    const store: ReadModelStore =
      mode === 'plain'
        ? plain
        : new SealedDocumentStore(plain, {
            projections: [contactsProjection],
            keys,
            root: 'contacts spec data-keys root',
            erasedValue: ERASED,
          });
    engine = new ProjectionEngine(events, store, [contactsProjection], { batchSize: 2000 });
    await engine.start();
    // Many Johns, so a probe of "john" alone would be cut off long before the right one.
    for (let i = 0; i < 1200; i++) await events.append(`contact-${i}`, [contact(`John Doe${i}`, null, null)], 'any');
    const named: [string, string | null, string | null, string?][] = [
      ['John Smith', '+14155550100', 'john.smith@example.com'],
      ['Zoë Ångström', null, 'Zoe@Example.COM'],
      ['John Smith', '+14155550100', null, 'p2'],
    ];
    for (const [name, phone, email, practice] of named) {
      const event = contact(name, phone, email, practice);
      ids[`${name}@${practice ?? 'p1'}`] = (event.data as { contactId: string }).contactId;
      await events.append(`contact-${randomUUID()}`, [event], 'no_stream');
    }
    expect(await engine.waitFor(['contacts'], (await events.head())!.position, 10_000)).toBe(true);
  });
  afterAll(async () => {
    await engine.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const names = async (q: string) =>
    (await searchContacts(engine, 'p1', q, 'US', { limit: 20 })).items.map((c) => `${c.name}@${c.practiceId}`);

  it('finds one person among many sharing a first name, in either word order', async () => {
    for (const q of ['john sm', 'John Smith', 'smith j', 'smi jo'])
      expect(await names(q), q).toEqual(['John Smith@p1']);
  });

  it('ignores case and accents, and stays within the practice', async () => {
    expect(await names('zoe ang')).toEqual(['Zoë Ångström@p1']);
    expect(await names('ANGSTROM')).toEqual(['Zoë Ångström@p1']);
    expect((await searchContacts(engine, 'p2', 'john', 'US', { limit: 20 })).items.map((c) => c.id)).toEqual([
      ids['John Smith@p2'],
    ]);
  });

  it('pages through every match of a search with its cursor, each once, every page full but the last', async () => {
    // Doe11, Doe110…Doe119, Doe1100…Doe1199: 111 matches.
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof searchContacts>> = await searchContacts(engine, 'p1', 'doe11', 'US', {
        limit: 50,
        cursor,
        status: 'not_invited',
      });
      seen.push(...page.items.map((c) => c.name));
      sizes.push(page.items.length);
      cursor = page.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([50, 50, 11]);
    expect(new Set(seen).size).toBe(111);
    expect(seen.every((name) => name.startsWith('John Doe11'))).toBe(true);
    expect(seen).toEqual([...seen].sort());
  });

  it('finds by phone in any format and by its first digits', async () => {
    for (const q of ['(415) 555-0100', '+1 415 555 0100', '4155550100', '41555'])
      expect(await names(q), q).toEqual(['John Smith@p1']);
  });

  it('finds a duplicate by E.164 phone or by email match key (domain case ignored)', async () => {
    expect(await findDuplicate(engine, 'p1', { phone: '+14155550100', email: null })).toEqual({
      contactId: ids['John Smith@p1'],
      matchedOn: 'phone',
    });
    expect(await findDuplicate(engine, 'p1', { phone: null, email: ' Zoe@example.com' })).toEqual({
      contactId: ids['Zoë Ångström@p1'],
      matchedOn: 'email',
    });
    expect(await findDuplicate(engine, 'p1', { phone: null, email: 'zoe@example.com' })).toBeNull();
  });

  it('lists a practice by name, page after page, the same way', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listContacts(engine, 'p1', { limit: 250, cursor });
      seen.push(...page.items.map((c) => c.nameKey));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(1202);
    expect(seen).toEqual([...seen].sort());
    expect(seen.slice(-2)).toEqual(['john smith', 'zoe angstrom']);
  });

  it.runIf(mode === 'sealed')(
    'keeps no value in the file: names, phones, emails and search keys are sealed',
    async () => {
      const stored = JSON.stringify(await engineStoreDoc());
      for (const value of ['John', 'Smith', 'john smith', '4155550100', 'john.smith@example.com', 'p1|n:john'])
        expect(stored).not.toContain(value);
      expect(stored).toContain('_sealed');
    },
  );

  it.runIf(mode === 'sealed')('reads a contact whose key was destroyed as erased, and no longer finds it', async () => {
    const id = ids['Zoë Ångström@p1'];
    await keys.destroy([subjects.contact(id)], '2026-12-05T00:00:00Z');
    expect(await getContact(engine, 'p1', id)).toMatchObject({ name: ERASED, email: ERASED, searchKeys: [] });
    expect(await names('zoe ang')).toEqual([]);
  });

  async function engineStoreDoc(): Promise<unknown> {
    const inner = (engine.store as unknown as { inner: ReadModelStore }).inner;
    const { collection } = await engine.collection('contacts');
    return inner.get(collection, ids['John Smith@p1']);
  }
});
