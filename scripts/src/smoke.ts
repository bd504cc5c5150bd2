/**
 * An end-to-end smoke of the API on the configured profile (PROFILE and its
 * store settings from the environment): starts it, creates a link, invites a
 * patient, reads the invitation back with X-Consistent-After, checks /health,
 * and exits 0, or 1 naming the step that failed. The GitHub workflow runs it
 * on every profile.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, JwtCodec, loadConfig, resolveJwtSecret, startApp } from '@pi/api';

async function main(): Promise<void> {
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'pi-smoke-')),
    PORT: '0',
    METRICS_PORT: 'off',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    ...process.env,
  });
  const running = await startApp(config);
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
  const demo = running.demo!.practice;
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
