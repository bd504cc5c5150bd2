/**
 * Prints a bearer token (and nothing else on stdout):
 *   npm run -s token -- --role admin|staff|auditor|support|analyst [--practice ID] [--staff ID] [--expires 12h]
 *   npm run -s token -- --operator --staff <operator id> [--expires 1h]
 * Without --practice it signs for the demo practice of DATA_DIR (created by the first `npm start`).
 * It signs only for someone who exists: an active staff member of that practice holding the role, or an active operator.
 * Tokens live 12 hours by default, 24 at most.
 */
import {
  CommandExecutor,
  createRuntime,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  JwtCodec,
  MAX_TOKEN_LIFETIME_SECONDS,
  parseLifetime,
  readDemoPractice,
  resolveJwtSecret,
  systemClock,
} from '@pi/application';
import { isRole, operatorDecider, ROLES, staffDecider, streams } from '@pi/domain';
import { parseArgs } from 'node:util';
import { configOrExit, failWith, orUsage } from './cli-args.js';

const fail: (message: string, code?: number) => never = failWith('token');

async function main(): Promise<void> {
  const { values } = orUsage(
    () =>
      parseArgs({
        args: process.argv.slice(2),
        options: {
          role: { type: 'string' },
          practice: { type: 'string' },
          staff: { type: 'string' },
          expires: { type: 'string' },
          operator: { type: 'boolean' },
        },
      }),
    'usage: token --role admin|staff|auditor|support|analyst [--practice ID] [--staff ID] [--expires 12h] | token --operator --staff <operator id>',
    'token',
  );
  const config = configOrExit('token');
  const expires = values.expires;
  const lifetime = typeof expires === 'string' ? parseLifetime(expires) : DEFAULT_TOKEN_LIFETIME_SECONDS;
  if (lifetime === null || lifetime <= 0) fail('--expires takes a duration such as 30m, 12h or 1d');
  if (lifetime > MAX_TOKEN_LIFETIME_SECONDS)
    fail(`--expires: a token lives at most ${MAX_TOKEN_LIFETIME_SECONDS / 3600}h`);
  const staffOption = values.staff;
  const codec = new JwtCodec(resolveJwtSecret(config.jwtSecret, config.dataDir));
  const runtime = await createRuntime({ ...config, runProjections: false });
  const executor = new CommandExecutor(runtime.events, systemClock, runtime.freshness);
  try {
    if (values.operator === true) {
      if (typeof staffOption !== 'string')
        fail('--operator needs --staff <operator id> (npm run -s practice -- operator … prints one)');
      const operator = (await executor.load(streams.operator(staffOption), operatorDecider)).state;
      if (operator.status !== 'active') fail(`no active operator ${staffOption}`);
      process.stdout.write(`${await codec.sign({ operatorId: staffOption }, lifetime)}\n`);
      return;
    }
    const role = values.role ?? 'admin';
    if (!isRole(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
    const demo = readDemoPractice(config.dataDir);
    const practiceOption = values.practice;
    const practiceId = typeof practiceOption === 'string' ? practiceOption : demo?.practiceId;
    if (!practiceId)
      fail(
        `no demo practice in ${config.dataDir}: start the service once (npm start), or pass --practice <id> --staff <id>`,
      );
    const staffId =
      typeof staffOption === 'string' ? staffOption : practiceId === demo?.practiceId ? demo.staff[role] : undefined;
    if (!staffId) fail('--staff <id> is needed for a practice other than the demo one');
    const staff = (await executor.load(streams.staff(staffId), staffDecider)).state;
    if (staff.status === 'absent' || staff.practiceId !== practiceId)
      fail(`no staff member ${staffId} in practice ${practiceId}`);
    if (staff.status !== 'active') fail(`staff member ${staffId} has been deactivated`);
    if (staff.role !== role) fail(`staff member ${staffId} holds the role ${staff.role}, not ${role}`);
    process.stdout.write(`${await codec.sign({ staffId, practiceId, roles: [role] }, lifetime)}\n`);
  } finally {
    await runtime.close();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
