/**
 * npm run bench [-- append|replay|search|inbox|http …] [--events N] [--contacts N] [--conversations N] [--seconds S]
 * Prints one JSON document on stdout: the machine, each benchmark, and each
 * one's comparison with a baseline measured in the same run (these machines are noisy).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { orUsage } from '../cli-args.js';
import { machine } from './machine.js';
import { seedReplayFile, tempReplayFile } from './replay.bench.js';
import { addOtherPractices } from './funnel.bench.js';
import { seedSealedHistory, tempHistoryDir } from './sealed-history.js';

const BENCHMARKS = [
  'append',
  'peers',
  'adapters',
  'replay',
  'sealed-replay',
  'funnel',
  'rebuilds',
  'search',
  'sealed-read-models',
  'inbox',
  'http',
  'postgres',
];
const USAGE = `usage: npm run bench [-- ${BENCHMARKS.join('|')} …] [--events N] [--contacts N] [--conversations N] [--seconds S]
  append   appends at synchronous=FULL against NORMAL (single, 16 concurrent writers, 100 per commit)
  peers    this store beside Emmett's SQLite store (installed on demand into .bench-peers/), same events,
           same durability: single appends from 16 writers, 100-event batches, stream reads (ratios ours ÷ peer)
  adapters the same command route on Nest with Express and with Fastify (installed on demand into .bench-peers/)
           beside a bare node:http server, for S seconds each (--seconds)
  replay   N events (--events, default 1,000,000) through a projection against a raw SQLite loop
  sealed-replay  the contacts' history (--events, at most 200,000) read and replayed sealed and plain, side by side
  funnel   a realistic practice history of N events (--events) replayed into a funnel against a raw read of the same rows
  rebuilds a realistic history of min(N, 300,000) events (--events), personal values sealed: each read model
           rebuilt alone, then all of them in one pass, against a raw loop over the same log (the ceiling)
  search   contact search at N contacts (--contacts, default 100,000)
  sealed-read-models  on PostgreSQL (needs DATABASE_URL): the contacts read model of min(N, 10,000) contacts
           (--contacts) plain and sealed side by side: build, name and phone search, the list by name
  inbox    an inbox page (access rule applied) and its counts at N conversations (--conversations, default 100,000), 50 staff
  http     commands over HTTP for S seconds each (--seconds, default 10) against a bare node:http server
  postgres the PostgreSQL profile beside SQLite (needs DATABASE_URL): appends, a replay of --events events
           (default 1,000,000 here too), a command over HTTP on two API instances for S seconds
Prints one JSON document on stdout; progress on stderr.`;

const runOne = fileURLToPath(new URL('./run-one.js', import.meta.url));

/** Each benchmark runs in a fresh process, so its peak memory is its own; with the heap cap `npm run rebuild` ships with. */
function inChild(...args: string[]): any {
  const out = execFileSync(process.execPath, ['--max-old-space-size=256', runOne, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

async function main(): Promise<void> {
  const { values, positionals } = orUsage(
    () =>
      parseArgs({
        args: process.argv.slice(2),
        allowPositionals: true,
        options: {
          events: { type: 'string' },
          contacts: { type: 'string' },
          conversations: { type: 'string' },
          seconds: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }),
    USAGE,
    'bench',
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const unknown = positionals.filter((name) => !BENCHMARKS.includes(name));
  const counts = {
    events: values.events ?? '1000000',
    contacts: values.contacts ?? '100000',
    conversations: values.conversations ?? '100000',
    seconds: values.seconds ?? '10',
  };
  const bad = Object.entries(counts).filter(([, value]) => !/^[1-9]\d*$/.test(value));
  if (unknown.length || bad.length) {
    process.stderr.write(
      `bench: ${[...unknown.map((n) => `unknown benchmark ${n}`), ...bad.map(([k]) => `--${k} takes a whole number`)].join('; ')}\n${USAGE}\n`,
    );
    process.exit(2);
  }
  const wanted = new Set(positionals.length ? positionals : BENCHMARKS);
  const events = Number(counts.events);
  const seconds = Number(counts.seconds);
  const results: unknown[] = [];
  const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
  const failed: string[] = [];
  /** One benchmark; one that fails is recorded as failed and the run goes on to the next. */
  const step = async (name: string, run: () => void | Promise<void>) => {
    if (!wanted.has(name)) return;
    try {
      await run();
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      log(`${name}: failed (${message}); going on with the others`);
      failed.push(name);
      results.push({ name, failed: message });
    }
  };

  await step('append', () => {
    log('append throughput…');
    results.push(inChild('append'));
  });
  await step('peers', () => {
    log('this store beside its peer…');
    results.push(inChild('peers'));
  });
  await step('adapters', () => {
    log(`Nest's HTTP adapters, ${seconds}s per run…`);
    results.push(inChild('adapters', String(seconds)));
  });
  await step('replay', async () => {
    const { file, cleanup } = tempReplayFile();
    try {
      log(`writing ${events} events…`);
      await seedReplayFile(file, events, Math.max(1, Math.floor(events / 20)));
      log('replaying through the staff-directory projection…');
      const projection = inChild('replay-projection', file);
      log('replaying with a raw better-sqlite3 loop (the ceiling)…');
      const raw = inChild('replay-raw', file);
      results.push({
        name: 'projection-replay',
        events,
        projection,
        rawCeiling: raw,
        ratioToCeiling: Number((raw.eventsPerSecond / projection.eventsPerSecond).toFixed(2)),
        targets: {
          eventsPerSecond: 100_000,
          withinCeilingFactor: 3,
          peakRssMb: 300,
          met:
            projection.eventsPerSecond >= 100_000 &&
            raw.eventsPerSecond / projection.eventsPerSecond <= 3 &&
            projection.peakRssMb <= 300,
        },
      });
    } finally {
      cleanup();
    }
  });
  await step('sealed-replay', () => {
    log(`reading and replaying ${Math.min(events, 200_000)} contact events, sealed and plain…`);
    results.push(inChild('sealed-replay', String(Math.min(events, 200_000))));
  });
  await step('funnel', async () => {
    const { dir, file, cleanup } = tempHistoryDir();
    try {
      log(`writing a practice history of ${events} events (personal values sealed)…`);
      const history = await seedSealedHistory(dir, file, events);
      log('replaying it into a funnel by link…');
      const funnel = inChild('funnel-replay', file, history.practiceId, String(history.events));
      log('reading the same rows with a raw better-sqlite3 loop (the ceiling)…');
      const raw = inChild('funnel-raw', file, String(history.events));
      const ratio = Number((funnel.eventsPerSecond / raw.eventsPerSecond).toFixed(2));
      log('adding 9 other practices with the same history, then the same report again…');
      const logEvents = addOtherPractices(file, 9);
      const ofOne = inChild('funnel-replay', file, history.practiceId, String(logEvents));
      log("reading every practice's rows of those types with the raw loop (what a report read before)…");
      const everyones = inChild('funnel-raw', file, String(logEvents));
      // The target counts the log's events: the funnel reads its types, the store skips the rest.
      results.push({
        name: 'funnel',
        events: history.events,
        funnelEvents: funnel.events,
        mix: history.byType,
        funnel,
        baseline: { name: 'raw read of the same rows', ...raw },
        ratio,
        amongTenPractices: {
          logEvents,
          funnel: ofOne,
          baseline: { name: "raw read of every practice's rows of the funnel's types", ...everyones },
          secondsVsAlone: Number((ofOne.seconds / funnel.seconds).toFixed(2)),
        },
        targets: {
          eventsPerSecond: 200_000,
          ratioToRaw: 0.5,
          peakRssMb: 200,
          met: funnel.logEventsPerSecond >= 200_000 && ratio >= 0.5 && funnel.peakRssMb <= 200,
        },
      });
    } finally {
      cleanup();
    }
  });
  await step('rebuilds', async () => {
    const { dir, file, cleanup } = tempHistoryDir();
    try {
      const total = Math.min(events, 300_000);
      log(`writing a practice history of ${total} events (personal values sealed)…`);
      const history = await seedSealedHistory(dir, file, total);
      log('rebuilding each read model alone…');
      const each = inChild('rebuild-each', dir, file);
      log('rebuilding all read models in one pass…');
      const all = inChild('rebuild-all', dir, file, String(history.events));
      log('reading the same log with a raw better-sqlite3 loop (the ceiling)…');
      const raw = inChild('rebuild-raw', dir, file);
      // A read model that takes under 1% of the log rebuilds in well under a second: its rate measures start-up.
      const measured = each.readModels.filter((r: { events: number }) => r.events >= history.events / 100);
      const slowest = Math.min(...measured.map((r: { eventsPerSecond: number }) => r.eventsPerSecond));
      const ratioToCeiling = Number((raw.eventsPerSecond / all.eventsPerSecond).toFixed(2));
      results.push({
        name: 'rebuilds',
        events: history.events,
        mix: history.byType,
        each,
        all,
        baseline: { name: 'raw loop over the same log', ...raw },
        ratioToCeiling,
        slowest: measured.find((r: { eventsPerSecond: number }) => r.eventsPerSecond === slowest),
        targets: {
          eachEventsPerSecond: 30_000,
          eachCountsReadModelsTakingAtLeast: '1% of the log',
          allEventsPerSecond: 100_000,
          withinCeilingFactor: 1.5,
          peakRssMb: 300,
          met:
            slowest >= 30_000 &&
            all.eventsPerSecond >= 100_000 &&
            ratioToCeiling <= 1.5 &&
            Math.max(each.peakRssMb, all.peakRssMb) <= 300,
        },
      });
    } finally {
      cleanup();
    }
  });
  await step('search', () => {
    log('contact search at 100,000 contacts…');
    results.push(inChild('search', String(Number(counts.contacts))));
  });
  await step('sealed-read-models', () => {
    const url = process.env.DATABASE_URL?.trim();
    if (!url) {
      log('sealed-read-models: skipped, DATABASE_URL is not set (export DATABASE_URL=$(bash .ci/postgres))');
      results.push({ name: 'sealed-read-models', skipped: 'DATABASE_URL is not set' });
      return;
    }
    const contacts = Math.min(Number(counts.contacts), 10_000);
    log(`contacts read model on PostgreSQL, plain and sealed, at ${contacts} contacts…`);
    results.push(inChild('sealed-read-models', url, String(contacts)));
  });
  await step('inbox', () => {
    log(`inbox pages at ${counts.conversations} conversations…`);
    results.push(inChild('inbox', counts.conversations));
  });
  await step('http', () => {
    log(`HTTP command throughput, ${seconds}s per run…`);
    results.push(inChild('http', String(seconds)));
  });
  await step('postgres', () => {
    const url = process.env.DATABASE_URL?.trim();
    if (!url) {
      log('postgres: skipped, DATABASE_URL is not set (export DATABASE_URL=$(bash .ci/postgres))');
      results.push({ name: 'postgres', skipped: 'DATABASE_URL is not set' });
    } else {
      log(`PostgreSQL beside SQLite: appends, a replay of ${events} events, HTTP on two instances…`);
      results.push(inChild('postgres', url, '5000', String(events), String(seconds)));
    }
  });
  process.stdout.write(`${JSON.stringify({ machine: machine(), at: new Date().toISOString(), results }, null, 2)}\n`);
  if (failed.length) {
    log(`failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
