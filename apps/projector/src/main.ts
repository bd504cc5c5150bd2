/**
 * The projector: runs every projection against the configured stores in its
 * own process, so the API can run with RUN_PROJECTIONS=false and scale out.
 * Safe to run beside an API that also projects (checkpoints are compare-and-set).
 *
 * With PROJECTOR_DELIVERY=true it also delivers invitations and expires them
 * (start the API with RUN_DELIVERY=false: exactly one process may deliver).
 */
import {
  CommandExecutor,
  createRuntime,
  loadConfigOrExit,
  resolveSecrets,
  startBackgroundWorkWhileLeader,
  systemClock,
  usageOnHelp,
} from '@pi/application';

const USAGE = `Usage: npm run projector
Runs every read model against the configured stores (settings from the environment, see .env.example),
so APIs can run with RUN_PROJECTIONS=false. PROJECTOR_DELIVERY=true: it also delivers and expires invitations
(then start the APIs with RUN_DELIVERY=false). Prints each read model's status as a JSON line.`;

async function main(): Promise<void> {
  usageOnHelp(USAGE);
  const config = loadConfigOrExit();
  const { batchSize, delivery, statusEveryMs } = config.projector;
  const runtime = await createRuntime({ ...config, runProjections: true }, { batchSize });
  await runtime.readModels.start();
  const background = delivery
    ? await startBackgroundWorkWhileLeader({
        config,
        runtime,
        executor: new CommandExecutor(runtime.events, systemClock, runtime.freshness),
        dataKeysSecret: resolveSecrets(config, config.dataDir).dataKeys,
        clock: systemClock,
      })
    : null;
  const report = async () => {
    const statuses = await runtime.readModels.statuses();
    process.stdout.write(
      `${JSON.stringify({ level: 'info', time: new Date().toISOString(), msg: 'projection status', projections: statuses })}\n`,
    );
  };
  const status: { interval?: NodeJS.Timeout } = {};
  // Installed before the first report: a supervisor may signal as soon as it sees the process alive.
  const stop = async () => {
    clearInterval(status.interval);
    await background?.stop();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await report();
  status.interval = setInterval(() => void report(), statusEveryMs);
}

main().catch((error: unknown) => {
  process.stderr.write(`projector could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
