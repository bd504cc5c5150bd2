import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JwtCodec, readDemoPractice, resolveJwtSecret } from '@pi/api';
import autocannon from 'autocannon';

const apiMain = fileURLToPath(new URL('../../../apps/api/dist/main.js', import.meta.url));

/** A bare node:http server that reads the body and answers like a command: the ceiling for this machine. */
const BASELINE_SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { JSON.parse(Buffer.concat(chunks).toString() || '{}'); res.setHeader('content-type', 'application/json'); res.end('{"position":"1"}'); });
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\\n'));
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not start`);
}

async function load(url: string, token: string | null, seconds: number, connections: number, method: 'PUT' | 'POST' = 'PUT', body: (i: number) => object = (i) => ({ about: `About the practice, edit ${i}` })) {
  let counter = 0;
  const result = await autocannon({
    url,
    method,
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(body(counter++)) }) }],
  });
  const non2xx = result.non2xx + result.errors;
  return { requestsPerSecond: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, requests: result.requests.total, non2xx };
}

/** One command (update profile) over HTTP on loopback, beside a bare node:http baseline measured the same way. */
export async function httpBench(options: { seconds: number; connections: number }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'pi-bench-http-'));
  const children: ChildProcess[] = [];
  try {
    const basePort = await freePort();
    const baseline = spawn(process.execPath, ['-e', BASELINE_SERVER], { env: { ...process.env, PORT: String(basePort) }, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(baseline);
    await new Promise((resolve) => baseline.stdout!.once('data', resolve));
    const baselineResult = await load(`http://127.0.0.1:${basePort}/v1/practice/profile`, null, options.seconds, options.connections);
    baseline.kill();

    const port = await freePort();
    const api = spawn(process.execPath, [apiMain], { env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(api);
    await waitForHttp(`http://127.0.0.1:${port}/health`, api);
    const demo = readDemoPractice(dataDir)!;
    const token = await new JwtCodec(resolveJwtSecret(null, dataDir)).sign({ staffId: demo.staff.admin, practiceId: demo.practiceId, roles: ['admin'] });
    await load(`http://127.0.0.1:${port}/v1/practice/profile`, token, 2, options.connections); // warm-up
    const apiResult = await load(`http://127.0.0.1:${port}/v1/practice/profile`, token, options.seconds, options.connections);
    // Invite New Patient: a contact (duplicate check included) and an invitation per request; delivery runs behind.
    await fetch(`http://127.0.0.1:${port}/v1/links`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ label: 'Bench', slug: 'bench-link' }) });
    const invites = await load(`http://127.0.0.1:${port}/v1/invitations`, token, options.seconds, options.connections, 'POST', (i) => ({ contact: { name: `Patient ${i}`, email: `patient${i}@bench.example` } }));
    return {
      invitations: { ...invites, target: { requestsPerSecond: 1000, met: invites.requestsPerSecond >= 1000 && invites.non2xx === 0 } },
      name: 'http-update-profile',
      connections: options.connections,
      seconds: options.seconds,
      api: apiResult,
      baselineNodeHttp: baselineResult,
      apiShareOfBaseline: Number((apiResult.requestsPerSecond / baselineResult.requestsPerSecond).toFixed(3)),
      targets: { requestsPerSecond: 2000, p99Ms: 25, met: apiResult.requestsPerSecond >= 2000 && apiResult.p99Ms <= 25 && apiResult.non2xx === 0 },
    };
  } finally {
    for (const child of children) child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
