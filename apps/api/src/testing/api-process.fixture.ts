import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const apiMain = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const projectorMain = fileURLToPath(new URL('../../../projector/dist/main.js', import.meta.url));

export interface ProcessHandle {
  child: ChildProcess;
  exited: Promise<void>;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface ApiProcess extends ProcessHandle {
  url: string;
}

function handle(child: ChildProcess, output: () => string): ProcessHandle {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    exited,
    output,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** The built API (`apps/api/dist/main.js`) in its own process, as `npm start` runs it; resolves once it listens. */
export function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const child = spawn(process.execPath, [apiMain], {
    env: { ...process.env, PORT: '0', METRICS_PORT: 'off', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const process_ = handle(child, () => output);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API did not start:\n${output}`)), 30_000);
    child.once('exit', () => reject(new Error(`API exited:\n${output}`)));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      // The banner is written at once: wait for its last line.
      if (!url || !/Metrics:/.test(output)) return;
      clearTimeout(timer);
      resolve({ ...process_, url });
    });
  });
}

/** The built projector in its own process. */
export function startProjectorProcess(env: Record<string, string>): ProcessHandle {
  const child = spawn(process.execPath, [projectorMain], {
    env: { ...process.env, LOG_LEVEL: 'silent', STATUS_EVERY_MS: '60000', METRICS_PORT: 'off', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return handle(child, () => output);
}
