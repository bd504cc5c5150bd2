import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SqliteEventStore } from '@pi/event-store/sqlite';
import { contactsProjection, searchContacts } from '@pi/projections';
import { ProjectionEngine, rebuildProjection } from '@pi/read-store';
import { SqliteDocumentStore } from '@pi/read-store/sqlite';
import { contactQueries, latencies, seedContacts, timed } from './contact-history.js';

/** Contact search at `count` contacts in one practice: name and phone queries, beside a raw index lookup. */
export async function searchBench(count: number, queries: number) {
  const dir = mkdtempSync(join(tmpdir(), 'pi-bench-search-'));
  const db = openSqliteDatabase(join(dir, 'search.sqlite'));
  try {
    const events = new SqliteEventStore(db);
    const history = await seedContacts(events, count);
    const { practiceId } = history;
    const store = new SqliteDocumentStore(db);
    const build = await rebuildProjection(contactsProjection, events, store, { batchSize: 5000 });
    const engine = new ProjectionEngine(events, store, [contactsProjection], { runProjections: false });
    await engine.start();
    const { collection } = await engine.collection(contactsProjection.name);

    const { nameQuery, phoneQuery } = contactQueries(history);
    const name: number[] = [];
    const phone: number[] = [];
    const raw: number[] = [];
    // The floor: one indexed lookup of the same key in the side table, no engine, no JSON.
    const side = db.prepare(`SELECT id FROM "rm_${collection}__mk_searchKeys" WHERE value >= ? AND value < ? LIMIT 50`);
    for (let i = 0; i < 50; i++) await searchContacts(engine, practiceId, nameQuery(i), 'US', { limit: 20 }); // warm-up
    for (let i = 0; i < queries; i++) {
      await timed(name, () => searchContacts(engine, practiceId, nameQuery(i), 'US', { limit: 20 }));
      await timed(phone, () => searchContacts(engine, practiceId, phoneQuery(i), 'US', { limit: 20 }));
      const key = `${practiceId}|n:${nameQuery(i).split(' ')[0].toLowerCase()}`;
      await timed(raw, async () => side.all(key, `${key}\uffff`));
    }
    await engine.stop();
    const result = { nameQueries: latencies(name), phoneQueries: latencies(phone), rawIndexLookup: latencies(raw) };
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
