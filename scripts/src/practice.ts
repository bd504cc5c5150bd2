/**
 * Provisions tenants, on any profile (prints one line of JSON on stdout):
 *   npm run -s practice -- create --name "Clinic name" --admin-name "Ann Admin" --admin-email ann@example.org [--country US]
 *     → {"practiceId":"…","adminStaffId":"…"}   (the same admin email again: the same practice)
 *   npm run -s practice -- operator --name "Olga Ops" --email olga@platform.example
 *     → {"operatorId":"…"}                      (an operator of the platform: approves phone changes)
 * Then `npm run -s token -- --practice <id> --staff <id> --role admin` (or `--operator --staff <id>`) signs a token.
 */
import {
  CommandExecutor,
  createRuntime,
  Provisioning,
  ProvisioningInputError,
  Reservations,
  reservationKeySecret,
  resolveSecrets,
  systemClock,
} from '@pi/application';
import { parseArgs } from 'node:util';
import { configOrExit, failWith, orUsage } from './cli-args.js';

const fail: (message: string, code?: number) => never = failWith('practice');

const USAGE =
  'usage: practice create --name <name> --admin-name <name> --admin-email <email> [--country US] | practice operator --name <name> --email <email>';

async function main(): Promise<void> {
  const { values: options, positionals: positional } = orUsage(
    () =>
      parseArgs({
        args: process.argv.slice(2),
        allowPositionals: true,
        options: {
          name: { type: 'string' },
          'admin-name': { type: 'string' },
          'admin-email': { type: 'string' },
          country: { type: 'string' },
          email: { type: 'string' },
        },
      }),
    USAGE,
    'practice',
  );
  const action = positional[0];
  if (action !== 'create' && action !== 'operator') {
    fail(USAGE);
  }
  const config = configOrExit('practice');
  const runtime = await createRuntime({ ...config, runProjections: false });
  try {
    const executor = new CommandExecutor(runtime.events, systemClock, runtime.freshness);
    const provisioning = new Provisioning(
      executor,
      new Reservations(executor, systemClock, reservationKeySecret(resolveSecrets(config, config.dataDir).dataKeys)),
      systemClock,
    );
    const result =
      action === 'create'
        ? await provisioning.createPractice({
            name: options.name ?? '',
            adminName: options['admin-name'] ?? '',
            adminEmail: options['admin-email'] ?? '',
            country: options.country,
          })
        : await provisioning.createOperator({
            name: options.name ?? '',
            email: options.email ?? '',
          });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    if (error instanceof ProvisioningInputError) fail(error.message);
    throw error;
  } finally {
    await runtime.close();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error), 1));
