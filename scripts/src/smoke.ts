/**
 * An end-to-end smoke of the API on the configured profile (PROFILE and its
 * store settings from the environment): starts it, creates a link, invites a
 * patient, reads the invitation back with X-Consistent-After, checks /health,
 * and exits 0, or 1 naming the step that failed. The GitHub workflow runs it
 * on every profile.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, JwtCodec, loadConfig, readDemoPractice, resolveJwtSecret } from '@pi/application';
import { freePort, stop, waitForHttp } from './child-server.js';
import { appMain } from './app-processes.js';

const apiMain = appMain('api');

async function main(): Promise<void> {
  const env: Record<string, string | undefined> = {
    DATA_DIR: mkdtempSync(join(tmpdir(), 'pi-smoke-')),
    METRICS_PORT: 'off',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    ...process.env,
    PORT: String(await freePort()),
  };
  const config = loadConfig(env);
  // The API as `npm start` runs it: its own process, on the configured profile.
  const api = spawn(process.execPath, [apiMain], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${config.port}`;
  const running = { url, close: () => stop(api) };
  try {
    await waitForHttp(`${url}/health`, api);
  } catch (error) {
    await running.close();
    throw error;
  }
  const step = async (name: string, work: () => Promise<void>) => {
    try {
      await work();
      process.stdout.write(`ok   ${name}\n`);
    } catch (error) {
      process.stdout.write(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      await running.close();
      process.exit(1);
    }
  };
  const demo = readDemoPractice(config.dataDir);
  if (!demo) {
    await running.close();
    throw new Error('the API started without its demo practice (SEED_DEMO=true)');
  }
  const token = await new JwtCodec(resolveJwtSecret(config.jwtSecret, config.dataDir)).sign({
    practiceId: demo.practiceId,
    staffId: demo.staff.admin,
    roles: ['admin'],
  });
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${running.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as Record<string, string>;
  };
  process.stdout.write(`smoke of the ${config.profile} profile at ${running.url}\n`);
  let invitation: Record<string, string> = {};
  await step('create a link', async () => void (await call('POST', '/v1/links', { label: 'Smoke test' })));
  await step('invite a patient', async () => {
    invitation = await call('POST', '/v1/invitations', {
      contact: { name: 'Sam Smoke', email: `sam-${Date.now()}@example.com` },
    });
  });
  await step('read the invitation back (X-Consistent-After)', async () => {
    const read = await call('GET', `/v1/invitations/${invitation.id}`, undefined, {
      'X-Consistent-After': invitation.position,
    });
    if (read.id !== invitation.id) throw new Error('another invitation came back');
  });
  await step('health', async () => {
    const response = await fetch(`${running.url}/health`);
    if (response.status !== 200) throw new Error(`/health answered ${response.status}`);
  });
  await running.close();
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`smoke could not start: ${message}\n`);
  process.exit(1);
});
