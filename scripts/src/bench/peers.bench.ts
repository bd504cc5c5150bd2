import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SqliteEventStore } from '@pi/event-store/sqlite';
import { benchEvent, rate } from './append.bench.js';
import { loadPeer, PEER, type EmmettSqlite } from './peer-install.js';

const WRITERS = 16;
const BATCH = 100;

interface Sizes {
  /** Single-event appends, spread over 16 concurrent writers, each on its own stream with its expected version. */
  single: number;
  /** Events appended 100 per commit. */
  batched: number;
  /** Streams of `streamLength` events written, then each read whole. */
  streams: number;
  streamLength: number;
}

const eventsPerSecond = (figure: { eventsPerSecond: number }) => figure.eventsPerSecond;
const ratioOf = (ours: number, peer: number) => Number((ours / peer).toFixed(2));

/** Ours at `synchronous=FULL` (the default): every acknowledged append is on disk. */
async function ours(dir: string, sizes: Sizes) {
  const db = openSqliteDatabase(join(dir, 'ours.sqlite'), { synchronous: 'full' });
  const store = new SqliteEventStore(db);
  try {
    let started = performance.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; i < sizes.single / WRITERS; i++)
          await store.append(`practice-single${w}`, [benchEvent(i)], i === 0 ? 'no_stream' : i - 1);
      }),
    );
    const single = rate(sizes.single, started);
    started = performance.now();
    for (let b = 0; b < sizes.batched / BATCH; b++)
      await store.append(
        `practice-batch${b}`,
        Array.from({ length: BATCH }, (_, j) => benchEvent(j)),
        'no_stream',
      );
    const batched = rate(sizes.batched, started);
    for (let s = 0; s < sizes.streams; s++)
      await store.append(
        `practice-read${s}`,
        Array.from({ length: sizes.streamLength }, (_, j) => benchEvent(j)),
        'no_stream',
      );
    started = performance.now();
    let read = 0;
    for (let s = 0; s < sizes.streams; s++) read += (await store.readStream(`practice-read${s}`)).length;
    const reads = rate(read, started);
    return { single, batched, reads };
  } finally {
    await store.close();
    db.close();
  }
}

/** The peer on the same events (data and metadata), the same streams and expected versions, its own durable defaults (WAL, FULL). */
async function peer(emmett: EmmettSqlite, dir: string, sizes: Sizes) {
  const fileName = join(dir, 'peer.sqlite');
  const event = (i: number) => {
    const { type, data, metadata } = benchEvent(i);
    return { type, data, metadata };
  };
  // One writer at a time: the peer opens and closes a connection around each call, so one store object cannot
  // take concurrent calls (the first to finish closes the others' connection), and 16 store objects on one file
  // stall on SQLITE_BUSY (no busy timeout: measured, over ten minutes for 3,200 appends before it was stopped).
  const store = emmett.getSQLiteEventStore({ fileName });
  await store.appendToStream('practice-warmup', [event(0)]); // its schema, created on first use
  let started = performance.now();
  for (let i = 0; i < sizes.single; i++)
    await store.appendToStream(`practice-single${i % WRITERS}`, [event(i)], {
      expectedStreamVersion: BigInt(Math.floor(i / WRITERS)),
    });
  const single = { ...rate(sizes.single, started), writers: 1 };
  started = performance.now();
  for (let b = 0; b < sizes.batched / BATCH; b++)
    await store.appendToStream(
      `practice-batch${b}`,
      Array.from({ length: BATCH }, (_, j) => event(j)),
      { expectedStreamVersion: 0n },
    );
  const batched = rate(sizes.batched, started);
  for (let s = 0; s < sizes.streams; s++)
    await store.appendToStream(
      `practice-read${s}`,
      Array.from({ length: sizes.streamLength }, (_, j) => event(j)),
    );
  started = performance.now();
  let read = 0;
  for (let s = 0; s < sizes.streams; s++) read += (await store.readStream(`practice-read${s}`)).events.length;
  const reads = rate(read, started);
  return { single, batched, reads };
}

/**
 * This store beside the peer a user would pick instead (Emmett's SQLite event
 * store, installed on demand outside the workspaces), on the same events with
 * the same durability, in the same run: ratios are ours ÷ the peer's.
 */
export async function peersBench(sizes: Sizes, log: (message: string) => void = () => undefined) {
  const emmett = await loadPeer(log);
  const dir = mkdtempSync(join(tmpdir(), 'pi-bench-peers-'));
  try {
    log('peers: ours…');
    const a = await ours(dir, sizes);
    log(`peers: ${PEER.name}…`);
    const b = await peer(emmett, dir, sizes);
    const figure = (mine: { eventsPerSecond: number }, theirs: { eventsPerSecond: number }, target: number) => {
      const ratio = ratioOf(eventsPerSecond(mine), eventsPerSecond(theirs));
      return {
        ours: mine.eventsPerSecond,
        peer: theirs.eventsPerSecond,
        ratio,
        target: { ratio: target, met: ratio >= target },
      };
    };
    return {
      name: 'peers',
      peer: `${PEER.name}@${PEER.version}`,
      durability: 'synchronous=FULL (ours: the default; the peer: SQLite’s default, WAL)',
      sizes: { ...sizes, writers: WRITERS, eventsPerBatch: BATCH },
      singleAppends: { ...figure(a.single, b.single, 10), writers: { ours: WRITERS, peer: 1 } },
      batchedAppends: figure(a.batched, b.batched, 1.5),
      streamReads: figure(a.reads, b.reads, 3),
      details: { ours: a, peer: b },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
