import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = (name: string) => fileURLToPath(new URL(`../dist/${name}.js`, import.meta.url));

describe('npm run practice and npm run token', () => {
  let dataDir: string;
  const env = () => ({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const practice = (...args: string[]) => run(process.execPath, [cli('practice'), ...args], { env: env() });
  const token = (...args: string[]) => run(process.execPath, [cli('token'), ...args], { env: env() });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pi-practice-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a practice with its first admin, once per admin email, and signs a token only for who exists', async () => {
    const first = await practice(
      'create',
      '--name',
      'Brown Clinic',
      '--admin-name',
      'Ann Admin',
      '--admin-email',
      'ann@brown.example',
    );
    const created = JSON.parse(first.stdout) as { practiceId: string; adminStaffId: string };
    expect(Object.keys(created).sort()).toEqual(['adminStaffId', 'practiceId']);
    const again = JSON.parse(
      (
        await practice(
          'create',
          '--name',
          'Brown Clinic',
          '--admin-name',
          'Ann Admin',
          '--admin-email',
          'ann@BROWN.example',
        )
      ).stdout,
    );
    expect(again).toEqual(created);

    const signed = await token('--practice', created.practiceId, '--staff', created.adminStaffId, '--role', 'admin');
    expect(signed.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const unknown = await failure(token('--practice', created.practiceId, '--staff', 'nobody', '--role', 'admin'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no staff member nobody/);
    const wrongRole = await failure(
      token('--practice', created.practiceId, '--staff', created.adminStaffId, '--role', 'auditor'),
    );
    expect(wrongRole.stderr).toMatch(/holds the role admin/);
    const tooLong = await failure(
      token('--practice', created.practiceId, '--staff', created.adminStaffId, '--expires', '100d'),
    );
    expect(tooLong.stderr).toMatch(/at most 24h/);
  });

  it('creates operators of the platform and signs operator tokens for them only', async () => {
    const { operatorId } = JSON.parse(
      (await practice('operator', '--name', 'Olga Ops', '--email', 'olga@platform.example')).stdout,
    ) as { operatorId: string };
    expect((await token('--operator', '--staff', operatorId)).stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect((await failure(token('--operator', '--staff', 'nobody'))).stderr).toMatch(/no active operator/);
  });

  it('says what is missing instead of creating half a practice', async () => {
    const bad = await failure(practice('create', '--name', 'No Admin'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--admin-name is required/);
    expect(bad.stderr).toMatch(/--admin-email is required/);
  });
});
