/**
 * Prints a bearer token (and nothing else on stdout):
 *   npm run -s token -- --role admin|staff|auditor [--practice ID] [--staff ID] [--expires 12h]
 * Without --practice it signs for the demo practice of DATA_DIR (created by the first `npm start`).
 */
import { ConfigError, JwtCodec, loadConfig, readDemoPractice, resolveJwtSecret } from '@pi/api';
import { isRole, ROLES } from '@pi/domain';
import { parseArgs } from './cli-args.js';

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { options } = parseArgs(process.argv.slice(2));
  const role = options.get('role') ?? 'admin';
  if (!isRole(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const demo = readDemoPractice(config.dataDir);
  const practiceOption = options.get('practice');
  const practiceId = typeof practiceOption === 'string' ? practiceOption : demo?.practiceId;
  if (!practiceId) fail(`no demo practice in ${config.dataDir}: start the service once (npm start), or pass --practice <id> --staff <id>`);
  const staffOption = options.get('staff');
  const staffId = typeof staffOption === 'string' ? staffOption : practiceId === demo?.practiceId ? demo.staff[role] : undefined;
  if (!staffId) fail('--staff <id> is needed for a practice other than the demo one');
  const expires = options.get('expires');
  const codec = new JwtCodec(resolveJwtSecret(config.jwtSecret, config.dataDir));
  const token = await codec.sign({ staffId, practiceId, roles: [role] }, typeof expires === 'string' ? expires : '12h');
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
