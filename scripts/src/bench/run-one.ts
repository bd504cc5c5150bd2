/**
 * Runs one benchmark in this process and prints its JSON (run-all starts one process per benchmark).
 * Each benchmark's module is loaded when it runs, so a process holds only its own (its peak memory is its own).
 */

const [name, ...args] = process.argv.slice(2);
const numberArg = (i: number, fallback: number) => (args[i] === undefined ? fallback : Number(args[i]));

async function run(): Promise<unknown> {
  switch (name) {
    case 'append':
      return (await import('./append.bench.js')).appendBench({
        single: numberArg(0, 20_000),
        batched: numberArg(1, 200_000),
      });
    case 'replay-projection':
      return (await import('./replay.bench.js')).replayThroughProjection(args[0]);
    case 'replay-raw':
      return (await import('./replay.bench.js')).rawCeiling(args[0]);
    case 'funnel-replay':
      return (await import('./funnel.bench.js')).funnelReplay(args[0], args[1], numberArg(2, 0));
    case 'funnel-raw':
      return (await import('./funnel.bench.js')).funnelRawRead(args[0], numberArg(1, 0));
    case 'rebuild-each':
      return (await import('./rebuilds.bench.js')).rebuildEach(args[0], args[1]);
    case 'rebuild-all':
      return (await import('./rebuilds.bench.js')).rebuildAll(args[0], args[1], numberArg(2, 0));
    case 'rebuild-raw':
      return (await import('./rebuilds.bench.js')).rebuildRawCeiling(args[0], args[1]);
    case 'sealed-replay':
      return (await import('./sealed-replay.bench.js')).sealedReplayBench(numberArg(0, 200_000));
    case 'search':
      return (await import('./search.bench.js')).searchBench(numberArg(0, 100_000), numberArg(1, 1000));
    case 'sealed-read-models':
      return (await import('./sealed-read-models.bench.js')).sealedReadModelsBench(
        args[0],
        numberArg(1, 10_000),
        numberArg(2, 200),
      );
    case 'inbox':
      return (await import('./inbox.bench.js')).inboxBench(numberArg(0, 100_000), numberArg(1, 50), numberArg(2, 500));
    case 'postgres':
      return (await import('./postgres.bench.js')).postgresBench(args[0], {
        single: numberArg(1, 5_000),
        batched: numberArg(2, 200_000),
        seconds: numberArg(3, 10),
      });
    case 'peers':
      return (await import('./peers.bench.js')).peersBench(
        { single: numberArg(0, 3_200), batched: numberArg(1, 50_000), streams: numberArg(2, 1_000), streamLength: 20 },
        (message) => process.stderr.write(`bench: ${message}\n`),
      );
    case 'adapters':
      return (await import('./adapters.bench.js')).adaptersBench(
        { seconds: numberArg(0, 10), connections: numberArg(1, 16) },
        (message) => process.stderr.write(`bench: ${message}\n`),
      );
    case 'http':
      return (await import('./http.bench.js')).httpBench({ seconds: numberArg(0, 10), connections: numberArg(1, 16) });
    default:
      throw new Error(`unknown benchmark ${name}`);
  }
}

run()
  .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
