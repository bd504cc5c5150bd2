/**
 * Operators' repairs, on any profile (prints one line of JSON on stdout):
 *   npm run -s repair -- reservations [--dry-run]
 *     → {"checked":N,"released":[{"scope":"contactphone","stream":"contactphone-<hash>"}]}
 * Frees every phone, email or slug held by an owner that never came into
 * existence (a crash between the reservation and the owner's first write), once
 * its grace period (30 s) has passed. New claimants do this by themselves, one
 * key at a time; this frees them all. Safe beside a running API.
 */
import { CommandExecutor, createRuntime, ReservationRepair, Reservations, systemClock } from '@pi/application';
import { parseArgs } from 'node:util';
import { configOrExit, failWith, orUsage } from './cli-args.js';

const fail: (message: string, code?: number) => never = failWith('repair');

async function main(): Promise<void> {
  const { values, positionals: positional } = orUsage(
    () =>
      parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { 'dry-run': { type: 'boolean' } } }),
    'usage: repair reservations [--dry-run]',
    'repair',
  );
  const dryRun = values['dry-run'] === true;
  if (positional[0] !== 'reservations') fail('usage: repair reservations [--dry-run]');
  const config = configOrExit('repair');
  const runtime = await createRuntime({ ...config, runProjections: false });
  try {
    const executor = new CommandExecutor(runtime.events, systemClock, runtime.freshness);
    const report = await new ReservationRepair(runtime.events, new Reservations(executor, systemClock)).run({
      dryRun,
    });
    process.stdout.write(`${JSON.stringify(dryRun ? { ...report, dryRun: true } : report)}\n`);
  } finally {
    await runtime.close();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error), 1));
