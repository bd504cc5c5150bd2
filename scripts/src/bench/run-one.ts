/** Runs one benchmark in this process and prints its JSON (run-all starts one process per benchmark). */
import { appendBench } from './append.bench.js';
import { httpBench } from './http.bench.js';
import { inboxBench } from './inbox.bench.js';
import { postgresBench } from './postgres.bench.js';
import { rawCeiling, replayThroughProjection } from './replay.bench.js';
import { searchBench } from './search.bench.js';
import { sealedReplayBench } from './sealed-replay.bench.js';

const [name, ...args] = process.argv.slice(2);
const numberArg = (i: number, fallback: number) => (args[i] === undefined ? fallback : Number(args[i]));

async function run(): Promise<unknown> {
  switch (name) {
    case 'append':
      return appendBench({ single: numberArg(0, 20_000), batched: numberArg(1, 200_000) });
    case 'replay-projection':
      return replayThroughProjection(args[0]);
    case 'replay-raw':
      return rawCeiling(args[0]);
    case 'sealed-replay':
      return sealedReplayBench(numberArg(0, 200_000));
    case 'search':
      return searchBench(numberArg(0, 100_000), numberArg(1, 1000));
    case 'inbox':
      return inboxBench(numberArg(0, 100_000), numberArg(1, 50), numberArg(2, 500));
    case 'postgres':
      return postgresBench(args[0], {
        single: numberArg(1, 5_000),
        batched: numberArg(2, 200_000),
        seconds: numberArg(3, 10),
      });
    case 'http':
      return httpBench({ seconds: numberArg(0, 10), connections: numberArg(1, 16) });
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
