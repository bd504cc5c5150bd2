import Database from 'better-sqlite3';
import { AccessState, reasonsToRead, type AccessChange, type ConversationFacts } from '@pi/domain';
import { InMemoryDocumentStore } from '@pi/read-store/memory';
import { SqliteDocumentStore } from '@pi/read-store/sqlite';
import { type DocumentStore } from '@pi/read-store';
import { describe, expect, it } from 'vitest';
import type { ProjectionEngine, Where } from '@pi/read-store';
import { countReadable, readableBy } from './conversations.query.js';

/** A small deterministic generator, so a failing history can be replayed by its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const STAFF = ['s1', 's2', 's3', 's4', 's5'];
const LINKS = ['l1', 'l2', 'l3'];
const TEAMS = ['t1', 't2'];
const viaOf = (i: number): ConversationFacts['via'] => (i % 7 === 0 ? 'invitation' : 'link');
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

function history(next: () => number): AccessChange[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const changes: AccessChange[] = [
    ...STAFF.map((staffId) => ({ kind: 'staff' as const, staffId, readsConversations: true, at: at(0) })),
    ...LINKS.map((linkId) => ({ kind: 'link' as const, linkId, at: at(0) })),
  ];
  for (let minute = 1; minute <= 60; minute++) {
    const roll = next();
    if (roll < 0.25)
      changes.push({
        kind: 'owner',
        linkId: pick(LINKS),
        owner:
          next() < 0.2 ? null : next() < 0.5 ? { type: 'staff', id: pick(STAFF) } : { type: 'team', id: pick(TEAMS) },
        at: at(minute),
      });
    else if (roll < 0.55)
      changes.push({
        kind: 'linkMember',
        linkId: pick(LINKS),
        staffId: pick(STAFF),
        member: next() < 0.6,
        at: at(minute),
      });
    else if (roll < 0.9)
      changes.push({
        kind: 'teamMember',
        teamId: pick(TEAMS),
        staffId: pick(STAFF),
        member: next() < 0.6,
        at: at(minute),
      });
    else changes.push({ kind: 'staff', staffId: pick(STAFF), readsConversations: next() < 0.5, at: at(minute) });
  }
  return changes;
}

const STORES: [string, () => DocumentStore][] = [
  ['sqlite', () => new SqliteDocumentStore(new Database(':memory:'))],
  ['in-memory', () => new InMemoryDocumentStore()],
];

describe.each(STORES)('the inbox query reads what the access rule allows, no more and no less (%s)', (_name, open) => {
  it('agrees with reasonsToRead, in pages and in counts, for every person on 40 random histories of links, owners, members and teams', async () => {
    const store = open();
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const access = AccessState.fold(history(next));
      const collection = `c${seed}`;
      await store.ensureCollection(collection, [
        { fields: ['participants'], multikey: true },
        { fields: ['readBy'], multikey: true },
      ]);
      const conversations = Array.from({ length: 30 }, (_, i) => ({
        id: `cv${i}`,
        linkId: LINKS[i % LINKS.length],
        via: viaOf(i),
        startedAt: at(Math.floor(next() * 62)),
        participants: next() < 0.15 ? [STAFF[i % STAFF.length]] : [],
        assigneeKey: next() < 0.3 ? `staff:${STAFF[i % STAFF.length]}` : null,
        readBy: next() < 0.4 ? [STAFF[(i + 1) % STAFF.length]] : [],
      }));
      await store.commit(conversations.map((doc) => ({ collection, id: doc.id, doc })));
      // The engine's reads, on this collection.
      const engine = {
        count: (_: string, where: never, anyOf?: never) => store.count(collection, where, anyOf),
        find: (_: string, query: never) => store.find(collection, query),
      } as unknown as ProjectionEngine;
      for (const staffId of STAFF) {
        const found = await store.find<{ id: string }>(collection, { anyOf: readableBy(access, staffId), limit: 100 });
        const expected = conversations.filter((c) => reasonsToRead(access, staffId, c).length > 0).map((c) => c.id);
        expect(found.items.map((c) => c.id).sort(), `seed ${seed}, ${staffId}`).toEqual(expected.sort());
        // The counts add up the same conversations, in parts an index answers.
        const wheres: Where[] = [
          {},
          { assigneeKey: null },
          { assigneeKey: `staff:${staffId}` },
          { readBy: { $contains: staffId } },
        ];
        for (const where of wheres)
          expect(
            await countReadable(engine, access, staffId, where),
            `seed ${seed}, ${staffId}, ${JSON.stringify(where)}`,
          ).toBe(await store.count(collection, where, readableBy(access, staffId)));
      }
    }
  });
});
