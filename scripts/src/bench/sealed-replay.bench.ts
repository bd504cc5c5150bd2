import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personalData } from '@pi/domain';
import {
  DataKeyRing,
  keyEncryptionKeysFrom,
  ProtectedEventStore,
  type EventStore,
  type NewEvent,
} from '@pi/event-store';
import { openSqliteDatabase, SqliteEventStore, SqliteSubjectKeys } from '@pi/event-store/sqlite';
import { contactsProjection } from '@pi/projections';
import { rebuildProjection } from '@pi/read-store';
import { SqliteDocumentStore } from '@pi/read-store/sqlite';
import { peakRssMb } from './machine.js';

const metadata = {
  practiceId: 'bench-practice',
  actor: 'bench',
  correlationId: 'bench',
  causationId: 'bench',
  occurredAt: '2026-12-01T10:00:00.000Z',
};

/** Contacts created, then renamed round after round, interleaved (every batch touches many subjects). */
async function seedContacts(store: EventStore, total: number, contacts: number): Promise<void> {
  const ids = Array.from({ length: contacts }, () => randomUUID());
  let written = 0;
  for (let round = 0; written < total; round++) {
    const inRound = ids.slice(0, Math.min(contacts, total - written));
    // 2,000 appends at a time: one group commit each, and memory stays small.
    for (let from = 0; from < inRound.length; from += 2000)
      await Promise.all(
        inRound.slice(from, from + 2000).map((contactId, j) => {
          const i = from + j;
          const event: NewEvent =
            round === 0
              ? {
                  id: randomUUID(),
                  type: 'ContactCreated',
                  metadata,
                  data: {
                    contactId,
                    practiceId: 'bench-practice',
                    name: `Person ${i}`,
                    phone: { e164: `+1415555${String(i % 10_000).padStart(4, '0')}`, extension: null, asTyped: '' },
                    email: `person${i}@example.com`,
                    tags: [],
                    source: 'import',
                    createdAt: metadata.occurredAt,
                  },
                }
              : {
                  id: randomUUID(),
                  type: 'ContactUpdated',
                  metadata,
                  data: { contactId, changes: { name: `Person ${i} r${round}` }, updatedAt: metadata.occurredAt },
                };
          return store.append(`contact-${contactId}`, [event], round === 0 ? 'no_stream' : round - 1);
        }),
      );
    written += inRound.length;
  }
}

/** Reads the whole log in pages, as a subscription catching up does: the cost of opening the sealed values alone. */
async function readThrough(store: EventStore) {
  const started = performance.now();
  let after = 0n;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 10_000 });
    if (page.length === 0) break;
    count += page.length;
    after = page.at(-1)!.position;
  }
  const seconds = (performance.now() - started) / 1000;
  return { events: count, seconds, eventsPerSecond: Math.round(count / seconds) };
}

async function replay(store: EventStore, file: string) {
  const db = openSqliteDatabase(file);
  try {
    const started = performance.now();
    const result = await rebuildProjection(contactsProjection, store, new SqliteDocumentStore(db), {
      batchSize: 10000,
    });
    const seconds = (performance.now() - started) / 1000;
    return { events: result.eventsApplied, seconds, eventsPerSecond: Math.round(result.eventsApplied / seconds) };
  } finally {
    db.close();
  }
}

/**
 * The cost of sealing personal values: the same contacts' history written plain and sealed (one data key per
 * contact, in the key table beside the log), each replayed into the contacts read model, in the same run.
 * Also the log read alone (no read model), where the cost of opening the values shows most.
 * Target: the sealed replay within 20% of the plain one (ratio ≥ 0.8).
 */
export async function sealedReplayBench(total: number) {
  const dir = mkdtempSync(join(tmpdir(), 'pi-bench-sealed-'));
  const contacts = Math.max(1, Math.floor(total / 10));
  try {
    const plainFile = join(dir, 'plain.sqlite');
    const sealedFile = join(dir, 'sealed.sqlite');
    const plainDb = openSqliteDatabase(plainFile, { synchronous: 'normal' });
    const sealedDb = openSqliteDatabase(sealedFile, { synchronous: 'normal' });
    const keys = SqliteSubjectKeys.open(join(dir, 'subject-keys.sqlite'));
    const ring = () => new DataKeyRing(keys, keyEncryptionKeysFrom(['bench key-encryption secret, 32 bytes+']));
    const plain = new SqliteEventStore(plainDb);
    const sealedInner = new SqliteEventStore(sealedDb);
    try {
      await seedContacts(plain, total, contacts);
      await seedContacts(new ProtectedEventStore(sealedInner, ring(), personalData), total, contacts);
      // A fresh ring each time: every key is unwrapped from the table, as after a restart.
      const readSealed = await readThrough(new ProtectedEventStore(sealedInner, ring(), personalData));
      const readPlain = await readThrough(plain);
      const sealedResult = await replay(new ProtectedEventStore(sealedInner, ring(), personalData), sealedFile);
      const plainResult = await replay(plain, plainFile);
      const ratio = (a: { eventsPerSecond: number }, b: { eventsPerSecond: number }) =>
        Number((a.eventsPerSecond / b.eventsPerSecond).toFixed(2));
      const replayRatio = ratio(sealedResult, plainResult);
      return {
        name: 'sealed-replay',
        events: total,
        subjects: contacts,
        read: { plain: readPlain, sealed: readSealed, ratio: ratio(readSealed, readPlain) },
        replay: { plain: plainResult, sealed: sealedResult, ratio: replayRatio },
        peakRssMb: peakRssMb(),
        targets: { replayRatioAtLeast: 0.8, met: replayRatio >= 0.8 },
      };
    } finally {
      await plain.close();
      await sealedInner.close();
      await keys.close();
      plainDb.close();
      sealedDb.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
