import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { JwtCodec, loadConfig, resolveJwtSecret } from '@pi/application';
import { startApp, type RunningApp } from '@pi/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const rebuildCli = fileURLToPath(new URL('../dist/rebuild.js', import.meta.url));

describe('npm run rebuild', () => {
  let dataDir: string;
  let running: RunningApp;
  let token: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pi-rebuild-'));
    running = await startApp(loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }));
    const demo = running.demo!.practice;
    token = await new JwtCodec(resolveJwtSecret(null, dataDir)).sign({
      staffId: demo.staff.admin,
      practiceId: demo.practiceId,
      roles: ['admin'],
    });
  });
  afterAll(async () => {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${running.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('rebuilds a read model beside the running API, which swaps to it and keeps answering', async () => {
    for (const name of ['Ann', 'Ben', 'Cid'])
      await api('POST', '/v1/staff', { name, email: `${name}@r.example`, role: 'staff' });
    const { stdout, stderr } = await run(process.execPath, [rebuildCli, 'staff-directory'], {
      env: { ...process.env, DATA_DIR: dataDir },
    });
    const result = JSON.parse(stdout.trim());
    expect(result).toMatchObject({ projection: 'staff-directory', generation: 2, replacedGeneration: 1 });
    expect(result.eventsApplied).toBeGreaterThanOrEqual(6);
    expect(stderr).toMatch(/staff-directory.*100\.0%/);

    // Writes after the swap land in the new copy, and reads come from it.
    const added = await api('POST', '/v1/staff', { name: 'Dee', email: 'dee@r.example', role: 'staff' });
    const list = await api('GET', '/v1/staff', undefined, { 'X-Consistent-After': added.body.position });
    expect(list.body.items.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['Ann', 'Ben', 'Cid', 'Dee']),
    );
    const health = await fetch(`${running.url}/health`).then((r) => r.json() as Promise<any>);
    expect(health.projections.find((p: { name: string }) => p.name === 'staff-directory')).toMatchObject({
      generation: 2,
      state: 'live',
    });
  });

  it('refuses an unknown read model, listing the known ones', async () => {
    const failure = await run(process.execPath, [rebuildCli, 'no-such-model'], {
      env: { ...process.env, DATA_DIR: dataDir },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/Read models: practice-profile, staff-directory, teams/);
  });
});
