import 'reflect-metadata';
import { join } from 'node:path';
import { loadConfigOrExit, usageOnHelp, type Config } from '@pi/application';
import { startApp } from './create-app.js';

const USAGE = `Usage: npm start
Starts the API (settings from the environment, see .env.example; PORT picks the port, 3000 by default).
With no settings it runs embedded: one SQLite file in ./data, a demo practice, messages in the dev outbox.`;

async function main(): Promise<void> {
  usageOnHelp(USAGE);
  const config = loadConfigOrExit('See .env.example for every setting.\n');
  const running = await startApp(config);
  // Before the banner: whoever reads "listening" may signal at once, and must find a graceful stop.
  const stop = async (signal: string) => {
    process.stdout.write(`${signal}: shutting down\n`);
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  const lines = [
    '',
    `Patient Invites is listening on ${running.url} (${describeStores(config)})`,
    `  API docs:     ${running.url}/docs   (OpenAPI: ${running.url}/openapi.json)`,
    `  Health:       ${running.url}/health`,
    `  Public links: ${config.publicBaseUrl}/<slug>`,
    `  Email:        ${config.smtp ? `SMTP ${new URL(config.smtp.url).host}` : `written to ${join(config.dataDir, 'outbox', 'email')} (set SMTP_URL to send)`}`,
    `  SMS:          ${config.smsProvider ? `provider ${new URL(config.smsProvider.url).host}` : 'kept in the outbox (set SMS_PROVIDER_URL to send)'}`,
    `  Dev outbox:   ${config.devOutbox ? `${running.url}/dev/outbox (admin token; your practice's messages of the last 24 h)` : 'off (DEV_OUTBOX=false)'}`,
    `  Metrics:      ${running.metricsUrl ?? 'off (METRICS_PORT=off)'}`,
  ];
  if (running.demo) {
    lines.push(`  Demo practice ${running.demo.practice.practiceId}${running.demo.created ? ' was created' : ''}.`);
    // No token is printed: a log is copied, kept and shipped, and a bearer token in it is a key to every patient.
    lines.push('  Get a token:  npm run -s token -- --role admin   (or staff, auditor, support, analyst)');
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Patient Invites could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

/** Where the data is, never a password: the host and database of a URL, not its credentials. */
function describeStores(config: Config): string {
  const host = (url: string | null) => (url ? new URL(url).host : 'unset');
  if (config.profile === 'postgres')
    return `postgres profile, PostgreSQL at ${host(config.stores.databaseUrl)}, schema ${config.stores.databaseSchema}`;
  if (config.profile === 'kurrent')
    return `kurrent profile, KurrentDB at ${host(config.stores.eventStoreUrl)}, MongoDB at ${host(config.stores.mongodbUrl)}`;
  return `embedded profile, data in ${config.dataDir}`;
}
