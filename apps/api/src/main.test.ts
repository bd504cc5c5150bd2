import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const tokenCli = fileURLToPath(new URL('../../../scripts/dist/token.js', import.meta.url));

interface Started {
  output: string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** SIGTERM, as a service manager would send, then the exit code. */
  stop(): Promise<number | null>;
}

function run(env: Record<string, string>, until: RegExp): Promise<Started> {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code, signal) => {
      if (code === null) output += `\n[killed by ${signal}]`;
      done(code);
    }),
  );
  let output = '';
  const started = (): Started => ({
    // Read when asked: what the process printed up to now, shutdown included.
    get output() {
      return output;
    },
    exited,
    stop: () => (child.kill('SIGTERM'), exited),
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out; output so far:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (until.test(output)) {
        clearTimeout(timer);
        resolve(started());
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(started());
    });
  });
}

describe('npm start (apps/api/dist/main.js)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pi-main-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the demo practice on first start, prints the URLs and how to get a token (never a token)', async () => {
    const started = await run({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' }, /Get a token/);
    try {
      const url = /listening on (http:\/\/\S+)/.exec(started.output)?.[1];
      expect(started.output).toMatch(/API docs: +http:\/\/\S+\/docs/);
      expect(started.output).toMatch(/Get a token: +npm run -s token -- --role admin/);
      expect(started.output).not.toMatch(/ey[A-Za-z0-9_-]{10,}\.ey[A-Za-z0-9_-]{10,}\./);
      const minted = await promisify(execFile)(process.execPath, [tokenCli, '--role', 'admin'], {
        env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      });
      const token = minted.stdout.trim();
      expect(url && token).toBeTruthy();
      const profile = await fetch(`${url}/v1/practice/profile`, { headers: { authorization: `Bearer ${token}` } });
      expect(profile.status).toBe(200);
      expect(((await profile.json()) as { name: string }).name).toBe('Demo Family Practice');
    } finally {
      expect(await started.stop()).toBe(0);
    }
  });

  it('does not create a second demo practice or print a token on the next start', async () => {
    const again = await run({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' }, /Get a token/);
    // It started (a crash would print neither line) and stopped cleanly.
    expect(again.output).toMatch(/Patient Invites is listening on http:\/\/\S+/);
    expect(again.output).toMatch(/Demo practice \S+\./);
    // A signal right after the banner finds the graceful stop (handlers are installed before it is printed).
    expect(await again.stop(), again.output).toBe(0);
    expect(again.output).toMatch(/SIGTERM: shutting down/);
    expect(again.output).not.toMatch(/was created/);
  });

  it('refuses to start with a bad setting, naming it, and exits 1', async () => {
    const failed = await run({ DATA_DIR: dataDir, PORT: 'eighty', PUBLIC_BASE_URL: 'nope' }, /See \.env\.example/);
    expect(failed.output).toMatch(/PORT=eighty: must be a whole number/);
    expect(failed.output).toMatch(/PUBLIC_BASE_URL=nope/);
    expect(await failed.exited).toBe(1);
  });
});
