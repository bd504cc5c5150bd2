/**
 * The projector: runs every projection against the configured stores in its
 * own process, so the API can run with RUN_PROJECTIONS=false and scale out.
 * Safe to run beside an API that also projects (checkpoints are compare-and-set).
 *
 * With PROJECTOR_DELIVERY=true it also delivers invitations and expires them
 * (start the API with RUN_DELIVERY=false: exactly one process may deliver).
 */
import { CommandExecutor, ConfigError, createRuntime, loadConfig, resolveJwtSecret, startBackgroundWork, systemClock } from '@pi/api';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const batchSize = Number(process.env.PROJECTION_BATCH_SIZE ?? 500);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    process.stderr.write('PROJECTION_BATCH_SIZE must be a whole number from 1 to 10000\n');
    process.exit(1);
  }
  const delivery = process.env.PROJECTOR_DELIVERY?.trim().toLowerCase();
  if (delivery !== undefined && delivery !== '' && !['true', 'false'].includes(delivery)) {
    process.stderr.write('PROJECTOR_DELIVERY must be true or false\n');
    process.exit(1);
  }
  const runtime = createRuntime({ ...config, runProjections: true }, { batchSize });
  await runtime.readModels.start();
  const background =
    delivery === 'true'
      ? startBackgroundWork({ config, runtime, executor: new CommandExecutor(runtime.events, systemClock), jwtSecret: resolveJwtSecret(config.jwtSecret, config.dataDir), clock: systemClock })
      : null;
  const report = async () => {
    const statuses = await runtime.readModels.statuses();
    process.stdout.write(`${JSON.stringify({ level: 'info', time: new Date().toISOString(), msg: 'projection status', projections: statuses })}\n`);
  };
  await report();
  const interval = setInterval(() => void report(), Number(process.env.STATUS_EVERY_MS ?? 30_000));
  const stop = async () => {
    clearInterval(interval);
    await background?.stop();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`projector could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
