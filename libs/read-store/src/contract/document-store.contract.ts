import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointMoved, StaleGeneration } from '../document-store.errors.js';
import type { ReadModelStore, Where } from '../document-store.port.js';

export interface DocumentStoreHarness {
  store: ReadModelStore;
  dispose(): Promise<void>;
}

interface Person {
  id: string;
  practiceId: string;
  name: string;
  age: number;
  active: boolean;
  tags: string[];
  nested: { city: string };
}

/** The contract every DocumentStore adapter passes. */
export function documentStoreContract(name: string, factory: () => Promise<DocumentStoreHarness>): void {
  describe(`document store contract: ${name}`, () => {
    let harness: DocumentStoreHarness;
    let store: ReadModelStore;
    let collection: string;

    const people: Person[] = Array.from({ length: 25 }, (_, i) => ({
      id: `person-${String(i).padStart(2, '0')}`,
      practiceId: i % 2 === 0 ? 'p1' : 'p2',
      name: `Name ${String.fromCharCode(97 + (i % 26))}${i}`,
      age: 20 + (i % 7),
      active: i % 3 !== 0,
      tags: i % 4 === 0 ? ['vip', 'new_patient'] : ['regular'],
      nested: { city: i < 10 ? 'Springfield' : 'Shelbyville' },
    }));

    beforeEach(async () => {
      harness = await factory();
      store = harness.store;
      collection = `contract_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      await store.ensureCollection(collection, [
        { fields: ['practiceId', 'age'] },
        { fields: ['tags'], multikey: true },
      ]);
      await store.commit(people.map((p) => ({ collection, id: p.id, doc: p })));
    });
    afterEach(async () => {
      await store.dropCollection(collection);
      await harness.dispose();
    });

    it('gets one document and many documents by id', async () => {
      expect(await store.get<Person>(collection, 'person-03')).toEqual(people[3]);
      expect(await store.get(collection, 'nobody')).toBeNull();
      const many = await store.getMany<Person>(collection, ['person-01', 'person-02', 'nobody']);
      expect([...many.keys()].sort()).toEqual(['person-01', 'person-02']);
    });

    it('filters by equality, $in, ranges, booleans, nested fields, prefixes and array elements', async () => {
      const ids = async (where: Parameters<ReadModelStore['find']>[1]['where']) =>
        (await store.find<Person>(collection, { where, limit: 100 })).items.map((p) => p.id).sort();
      const expected = (pred: (p: Person) => boolean) =>
        people
          .filter(pred)
          .map((p) => p.id)
          .sort();
      expect(await ids({ practiceId: 'p1' })).toEqual(expected((p) => p.practiceId === 'p1'));
      expect(await ids({ age: { $in: [20, 21] } })).toEqual(expected((p) => p.age === 20 || p.age === 21));
      expect(await ids({ age: { $gte: 24, $lt: 26 } })).toEqual(expected((p) => p.age >= 24 && p.age < 26));
      expect(await ids({ active: false })).toEqual(expected((p) => !p.active));
      expect(await ids({ 'nested.city': 'Springfield', practiceId: 'p2' })).toEqual(
        expected((p) => p.nested.city === 'Springfield' && p.practiceId === 'p2'),
      );
      expect(await ids({ name: { $prefix: 'Name b' } })).toEqual(expected((p) => p.name.startsWith('Name b')));
      expect(await ids({ tags: { $contains: 'vip' } })).toEqual(expected((p) => p.tags.includes('vip')));
      expect(await ids({ tags: { $containsPrefix: 'new_' } })).toEqual(
        expected((p) => p.tags.some((t) => t.startsWith('new_'))),
      );
      expect(await ids({ practiceId: { $ne: 'p1' } })).toEqual(expected((p) => p.practiceId !== 'p1'));
      expect(await ids({ age: { $in: [] } })).toEqual([]);
      expect(await ids({ tags: { $containsAll: ['vip', 'new_patient'] } })).toEqual(
        expected((p) => p.tags.includes('vip') && p.tags.includes('new_patient')),
      );
      expect(await ids({ tags: { $notContains: 'vip' }, practiceId: 'p1' })).toEqual(
        expected((p) => !p.tags.includes('vip') && p.practiceId === 'p1'),
      );
    });

    it('matches one of several alternatives (anyOf), both in find and count; an empty list matches nothing', async () => {
      const anyOf: Where[] = [{ age: 20 }, { 'nested.city': 'Shelbyville', tags: { $contains: 'vip' } }];
      const matches = (p: Person) => p.age === 20 || (p.nested.city === 'Shelbyville' && p.tags.includes('vip'));
      const found = await store.find<Person>(collection, { where: { practiceId: 'p1' }, anyOf, limit: 100 });
      const expected = people.filter((p) => p.practiceId === 'p1' && matches(p)).map((p) => p.id);
      expect(found.items.map((p) => p.id).sort()).toEqual(expected.sort());
      expect(await store.count(collection, { practiceId: 'p1' }, anyOf)).toBe(expected.length);
      expect(await store.count(collection, {}, [])).toBe(0);
      // A hint changes how, never what.
      expect(
        await store.count(collection, { practiceId: 'p1', tags: { $contains: 'vip' } }, anyOf, { hint: 'tags' }),
      ).toBe(people.filter((p) => p.practiceId === 'p1' && p.tags.includes('vip') && matches(p)).length);
      expect(await store.count(collection, {}, [{ tags: { $notContains: 'regular' } }])).toBe(
        people.filter((p) => !p.tags.includes('regular')).length,
      );
    });

    it('pages through a sorted query with cursors, visiting every match exactly once', async () => {
      for (const direction of ['asc', 'desc'] as const) {
        const seen: Person[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: Person[]; nextCursor: string | null } = await store.find<Person>(collection, {
            where: { practiceId: 'p1' },
            sort: { field: 'age', direction },
            limit: 4,
            cursor,
          });
          seen.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        const expected = people
          .filter((p) => p.practiceId === 'p1')
          .sort((a, b) => (a.age - b.age || a.id.localeCompare(b.id)) * (direction === 'asc' ? 1 : -1));
        expect(seen.map((p) => p.id)).toEqual(expected.map((p) => p.id));
      }
    });

    it('keeps a multikey index right through updates and deletes, and fills a new one from existing documents', async () => {
      const ids = async (where: Parameters<ReadModelStore['find']>[1]['where']) =>
        (await store.find<Person>(collection, { where, limit: 100 })).items.map((p) => p.id).sort();
      await store.commit([
        { collection, id: 'person-00', doc: { ...people[0], tags: ['regular'] } },
        { collection, id: 'person-01', doc: { ...people[1], tags: ['vip', 'late'] } },
        { collection, id: 'person-04', doc: null },
      ]);
      const vips = people
        .filter((p) => p.tags.includes('vip') && !['person-00', 'person-04'].includes(p.id))
        .map((p) => p.id);
      expect(await ids({ tags: { $contains: 'vip' } })).toEqual([...vips, 'person-01'].sort());
      expect(await ids({ tags: { $containsPrefix: 'la' } })).toEqual(['person-01']);
      // An index declared later covers the documents already stored.
      await store.ensureCollection(collection, [{ fields: ['nested.city'], multikey: true }]);
      expect(await store.count(collection, { 'nested.city': { $contains: 'Springfield' } })).toBe(
        people.filter((p) => p.nested.city === 'Springfield' && p.id !== 'person-04').length,
      );
    });

    it('counts matching documents', async () => {
      expect(await store.count(collection, { practiceId: 'p2' })).toBe(
        people.filter((p) => p.practiceId === 'p2').length,
      );
      expect(await store.count(collection)).toBe(25);
    });

    it('replaces and deletes documents and moves the checkpoint in the same commit', async () => {
      const key = `contract@${collection}`;
      await store.commit(
        [
          { collection, id: 'person-00', doc: { ...people[0], name: 'Renamed' } },
          { collection, id: 'person-01', doc: null },
        ],
        { key, position: 42n },
      );
      expect((await store.get<Person>(collection, 'person-00'))?.name).toBe('Renamed');
      expect(await store.get(collection, 'person-01')).toBeNull();
      expect(await store.readCheckpoint(key)).toBe(42n);
    });

    it('refuses a guarded commit for a generation that is no longer active, writing nothing', async () => {
      const projection = `contract-${randomUUID().slice(0, 8)}`;
      const g1 = await store.allocateGeneration(projection);
      expect(await store.activateGeneration(projection, g1, 1, null)).toBe(true);
      const g2 = await store.allocateGeneration(projection);
      expect(await store.activateGeneration(projection, g2, 1, null)).toBe(false);
      expect(await store.activateGeneration(projection, g2, 1, g1)).toBe(true);
      const write = [{ collection, id: 'person-05', doc: { ...people[5], name: 'Stale' } }];
      await expect(
        store.commit(write, { key: 'k', position: 7n, guard: { projection, generation: g1, mustBeActive: true } }),
      ).rejects.toBeInstanceOf(StaleGeneration);
      expect((await store.get<Person>(collection, 'person-05'))?.name).toBe(people[5].name);
      expect(await store.readCheckpoint('k')).toBeNull();
      expect(await store.generations(projection)).toEqual({ projection, active: g2, latest: g2, activeVersion: 1 });
    });

    it('moves a checkpoint only from the position the writer expects, so two writers cannot both apply a batch', async () => {
      const key = `cas@${collection}`;
      await store.commit([], { key, position: 10n, expected: null });
      await expect(
        store.commit([{ collection, id: 'person-07', doc: { ...people[7], name: 'Twice' } }], {
          key,
          position: 20n,
          expected: null,
        }),
      ).rejects.toBeInstanceOf(CheckpointMoved);
      expect((await store.get<Person>(collection, 'person-07'))?.name).toBe(people[7].name);
      await store.commit([], { key, position: 20n, expected: 10n });
      expect(await store.readCheckpoint(key)).toBe(20n);
    });

    it('rejects a cursor it did not hand out with a clear error', async () => {
      await expect(store.find(collection, { limit: 2, cursor: 'not-a-cursor' })).rejects.toThrow(/cursor/);
    });
  });
}
