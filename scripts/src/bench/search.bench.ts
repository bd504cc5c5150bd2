import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SqliteEventStore } from '@pi/event-store/sqlite';
import { contactsProjection, searchContacts } from '@pi/projections';
import { ProjectionEngine, rebuildProjection } from '@pi/read-store';
import { SqliteDocumentStore } from '@pi/read-store/sqlite';
import { appendAllAtOnce } from './seed-events.js';

const FIRST = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'William',
  'Elizabeth',
  'David',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'José',
  'Zoë',
  'Ana',
  'Luis',
  'Wei',
  'Fatima',
  'Olga',
  'Noah',
  'Emma',
  'Liam',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernández',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
];

function percentile(sorted: number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(3));
}

function timed(samples: number[], work: () => Promise<unknown>) {
  return async () => {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  };
}

/** Contact search at `count` contacts in one practice: name and phone queries, beside a raw index lookup. */
export async function searchBench(count: number, queries: number) {
  const dir = mkdtempSync(join(tmpdir(), 'pi-bench-search-'));
  const db = openSqliteDatabase(join(dir, 'search.sqlite'));
  try {
    const events = new SqliteEventStore(db);
    const practiceId = randomUUID();
    const people: { name: string; phone: string }[] = [];
    const metadata = {
      practiceId,
      actor: 'bench',
      correlationId: 'bench',
      causationId: 'bench',
      occurredAt: '2026-11-26T10:00:00.000Z',
    };
    for (let start = 0; start < count; start += 5000) {
      const appends = [];
      for (let i = start; i < Math.min(count, start + 5000); i++) {
        const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i % 7 === 0 ? `-${LAST[i % LAST.length]}` : ''}`;
        const phone = `+1415${2000000 + i}`;
        people.push({ name, phone });
        const contactId = randomUUID();
        const data = {
          contactId,
          practiceId,
          name,
          phone: { e164: phone, extension: null, asTyped: phone },
          email: `c${i}@bench.example`,
          tags: [],
          source: 'import',
          createdAt: metadata.occurredAt,
        };
        appends.push({
          streamId: `contact-${contactId}`,
          expected: 'no_stream' as const,
          event: { id: randomUUID(), type: 'ContactCreated', data, metadata },
        });
      }
      await appendAllAtOnce(events, appends);
    }
    const store = new SqliteDocumentStore(db);
    const build = await rebuildProjection(contactsProjection, events, store, { batchSize: 5000 });
    const engine = new ProjectionEngine(events, store, [contactsProjection], { runProjections: false });
    await engine.start();
    const { collection } = await engine.collection(contactsProjection.name);

    const pick = (i: number) => people[(i * 7919) % people.length];
    const nameQuery = (i: number) => {
      const [first, last] = pick(i).name.split(' ');
      return i % 2 ? `${first.slice(0, 3)} ${last.slice(0, 4)}` : last.slice(0, 5);
    };
    const phoneQuery = (i: number) => {
      const digits = pick(i).phone.slice(2);
      return i % 3 === 0
        ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`
        : i % 3 === 1
          ? pick(i).phone
          : digits;
    };

    const name: number[] = [];
    const phone: number[] = [];
    const raw: number[] = [];
    // The floor: one indexed lookup of the same key in the side table, no engine, no JSON.
    const side = db.prepare(`SELECT id FROM "rm_${collection}__mk_searchKeys" WHERE value >= ? AND value < ? LIMIT 50`);
    for (let i = 0; i < 50; i++) await searchContacts(engine, practiceId, nameQuery(i), 'US', 20); // warm-up
    for (let i = 0; i < queries; i++) {
      await timed(name, () => searchContacts(engine, practiceId, nameQuery(i), 'US', 20))();
      await timed(phone, () => searchContacts(engine, practiceId, phoneQuery(i), 'US', 20))();
      const key = `${practiceId}|n:${nameQuery(i).split(' ')[0].toLowerCase()}`;
      await timed(raw, async () => side.all(key, `${key}\uffff`))();
    }
    const stats = (samples: number[]) => {
      const sorted = [...samples].sort((a, b) => a - b);
      return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: percentile(sorted, 100) };
    };
    await engine.stop();
    const result = { nameQueries: stats(name), phoneQueries: stats(phone), rawIndexLookup: stats(raw) };
    return {
      name: 'contact-search',
      contacts: count,
      queriesEach: queries,
      readModelBuild: { events: build.eventsApplied, seconds: Number(build.seconds.toFixed(2)) },
      ...result,
      targets: { p99Ms: 20, met: result.nameQueries.p99Ms < 20 && result.phoneQueries.p99Ms < 20 },
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
