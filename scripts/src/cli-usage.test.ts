import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = (name: string) => fileURLToPath(new URL(`../dist/${name}.js`, import.meta.url));
const outcome = (promise: Promise<{ stdout: string; stderr: string }>) =>
  promise.then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

describe('command-line usage', () => {
  it('prints the benchmarks and their options for --help, and refuses an unknown benchmark instead of running them all', async () => {
    const help = await outcome(run(process.execPath, [cli('bench/run-all'), '--help']));
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /^usage: npm run bench \[-- append\|peers\|adapters\|replay\|sealed-replay\|funnel\|rebuilds\|search\|sealed-read-models\|inbox\|http/,
    );
    expect(help.stdout).toMatch(/funnel +a realistic practice history/);
    expect(help.stdout).toMatch(/sealed-replay +the contacts. history/);
    expect(help.stdout).toMatch(/rebuilds +a realistic history of min\(N, 300,000\) events/);
    expect(help.stdout).toMatch(/sealed-read-models +on PostgreSQL \(needs DATABASE_URL\)/);
    expect(help.stdout).toMatch(/--conversations N/);
    expect(help.stdout).toMatch(/postgres +the PostgreSQL profile beside SQLite \(needs DATABASE_URL\)/);
    const unknown = await outcome(run(process.execPath, [cli('bench/run-all'), 'everything']));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown benchmark everything/);
    const bad = await outcome(run(process.execPath, [cli('bench/run-all'), 'append', '--seconds', 'ten']));
    expect(bad.stderr).toMatch(/--seconds takes a whole number/);
  });

  it('answers --help on every command-line tool with its usage and exit 0, touching nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pi-help-'));
    try {
      const tools: [string, string][] = [
        ['scripts/dist/token.js', 'token'],
        ['scripts/dist/practice.js', 'practice'],
        ['scripts/dist/keys.js', 'keys'],
        ['scripts/dist/funnel.js', 'funnel'],
        ['scripts/dist/repair.js', 'repair'],
        ['scripts/dist/rebuild.js', 'rebuild'],
        ['scripts/dist/audit-verify.js', 'audit:verify'],
        ['scripts/dist/bench/run-all.js', 'bench'],
        ['apps/projector/dist/main.js', 'projector'],
        ['apps/api/dist/main.js', 'npm start'],
      ];
      const asked = [
        ...tools.map(([entry, name]) => [entry, name, '--help']),
        ['scripts/dist/token.js', 'token', '-h'],
      ];
      const results = await Promise.all(
        asked.map(([entry, , flag]) =>
          outcome(
            run(process.execPath, [fileURLToPath(new URL(`../../${entry}`, import.meta.url)), flag], {
              env: { ...process.env, DATA_DIR: dataDir },
            }),
          ),
        ),
      );
      for (const [i, [, name, flag]] of asked.entries()) {
        expect(results[i].code, `${name} ${flag}: ${results[i].stderr}`).toBe(0);
        expect(results[i].stdout, name).toMatch(/usage/i);
        expect(results[i].stdout, name).toContain(name);
      }
      // No secret file, database or folder: --help ran nothing.
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown option with the usage line (exit 2)', async () => {
    for (const [name, args] of [
      ['repair', ['reservations', '--dry']],
      ['token', ['--rol', 'admin']],
      ['rebuild', ['--everything']],
      ['funnel', ['--bye', 'link']],
    ] as const) {
      const result = await outcome(
        run(process.execPath, [cli(name), ...args], { env: { ...process.env, DATA_DIR: '/nonexistent-pi' } }),
      );
      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toMatch(/Unknown option/);
      expect(result.stderr, name).toMatch(/usage/i);
    }
  });
});
