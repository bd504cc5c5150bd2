/**
 * Rebuilds read models from the start of the log into a shadow copy and swaps
 * it in (several in one pass over the log); a running API keeps answering from the old copy until the swap.
 *   npm run rebuild -- <projection> [<projection> …]   or   npm run rebuild -- --all
 * Prints progress on stderr and one JSON line per rebuilt read model on stdout.
 */
import { ConfigError, createRuntime, loadConfig } from '@pi/application';
import { allProjections } from '@pi/projections';
import { rebuildProjections } from '@pi/read-store';
import { parseArgs } from 'node:util';
import { orUsage } from './cli-args.js';
import { ProgressBar } from './progress-bar.js';

async function main(): Promise<void> {
  const known = allProjections.map((p) => p.name);
  const usage = `Usage: npm run rebuild -- <name> [<name> …] | --all\nRead models: ${known.join(', ')}`;
  const { values, positionals } = orUsage(
    () => parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { all: { type: 'boolean' } } }),
    usage,
    'rebuild',
  );
  // Each read model once, however often it is named: one pass rebuilds it into one new generation.
  const names = values.all ? known : [...new Set(positionals)];
  if (names.length === 0 || names.some((n) => !known.includes(n))) {
    const unknown = names.filter((n) => !known.includes(n));
    process.stderr.write(
      `${unknown.length ? `Unknown read model: ${unknown.join(', ')}\n` : ''}Usage: npm run rebuild -- <name> [<name> …] | --all\nRead models: ${known.join(', ')}\n`,
    );
    process.exit(2);
  }
  const config = loadConfig();
  // This process only rebuilds: the live runners (in the API or the projector) pick up the swap.
  const runtime = await createRuntime({ ...config, runProjections: false });
  try {
    // One pass over the log for all of them: each batch is read (and its sealed values opened) once.
    const projections = names.map((name) => allProjections.find((p) => p.name === name)!);
    const bar = new ProgressBar((names.length === 1 ? names[0] : `${names.length} read models`).padEnd(18));
    const applied = new Map<string, number>();
    const results = await rebuildProjections(projections, runtime.events, runtime.readModels.store, {
      onProgress: (p) => {
        applied.set(p.projection, p.eventsApplied);
        bar.update(Number(p.position), Number(p.head), `${[...applied.values()].reduce((a, b) => a + b, 0)} events`);
      },
    });
    bar.done();
    for (const result of results)
      process.stdout.write(
        `${JSON.stringify({ ...result, eventsPerSecond: Math.round(result.eventsApplied / Math.max(result.seconds, 1e-6)) })}\n`,
      );
  } finally {
    await runtime.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `rebuild: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
