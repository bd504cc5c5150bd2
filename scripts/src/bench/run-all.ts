/**
 * npm run bench [-- append|replay|search|http …] [--events N] [--contacts N] [--seconds S]
 * Prints one JSON document on stdout: the machine, each benchmark, and each
 * one's comparison with a baseline measured in the same run (these machines are noisy).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../cli-args.js';
import { machine } from './machine.js';
import { seedReplayFile, tempReplayFile } from './replay.bench.js';

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
  const { options, positional } = parseArgs(process.argv.slice(2));
  const wanted = new Set(positional.length ? positional : ['append', 'replay', 'search', 'http']);
  const events = Number(options.get('events') ?? 1_000_000);
  const seconds = Number(options.get('seconds') ?? 10);
  const results: unknown[] = [];
  const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

  if (wanted.has('append')) {
    log('append throughput…');
    results.push(inChild('append'));
  }
  if (wanted.has('replay')) {
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
  }
  if (wanted.has('search')) {
    log('contact search at 100,000 contacts…');
    results.push(inChild('search', String(Number(options.get('contacts') ?? 100_000))));
  }
  if (wanted.has('http')) {
    log(`HTTP command throughput, ${seconds}s per run…`);
    results.push(inChild('http', String(seconds)));
  }
  process.stdout.write(`${JSON.stringify({ machine: machine(), at: new Date().toISOString(), results }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
