import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtCodec, readDemoPractice, resolveJwtSecret } from '@pi/application';
import autocannon from 'autocannon';
import { freePort, stop, waitForHttp } from '../child-server.js';
import { appMain } from '../app-processes.js';

export { freePort, stop, waitForHttp };

const apiMain = appMain('api');
const projectorMain = appMain('projector');

/** A bare node:http server that reads the body and answers like a command: the ceiling for this machine. */
const BASELINE_SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { JSON.parse(Buffer.concat(chunks).toString() || '{}'); res.setHeader('content-type', 'application/json'); res.end('{"position":"1"}'); });
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\\n'));
`;

export async function load(
  url: string,
  token: string | null,
  seconds: number,
  connections: number,
  method: 'PUT' | 'POST' = 'PUT',
  body: (i: number) => object = (i) => ({ about: `About the practice, edit ${i}` }),
) {
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
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx,
  };
}

const BULK_ROUNDS = 3;
const BULK_SIZE = 1000;

/** Bulk invite (POST /v1/invitations/bulk) of 1,000 imported contacts, three rounds: invitations accepted per second, median round. */
async function bulkInvites(base: string, token: string) {
  const headers = { authorization: `Bearer ${token}` };
  const rates: number[] = [];
  for (let round = 0; round < BULK_ROUNDS; round++) {
    const csv = [
      'name,phone,email,tags',
      ...Array.from({ length: BULK_SIZE }, (_, i) => `Bulk ${round}-${i},,bulk${round}-${i}@bench.example,`),
    ].join('\n');
    const imported = (await (
      await fetch(`${base}/v1/contacts/import`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/csv' },
        body: csv,
      })
    ).json()) as { accepted: { contactId: string }[] };
    const started = performance.now();
    const answer = await fetch(`${base}/v1/invitations/bulk`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ contactIds: imported.accepted.map((a) => a.contactId) }),
    });
    const { results } = (await answer.json()) as { results: { outcome: string }[] };
    const seconds = (performance.now() - started) / 1000;
    if (answer.status !== 200 || results.filter((r) => r.outcome === 'sent').length !== BULK_SIZE)
      throw new Error(`bulk round ${round} did not send ${BULK_SIZE} invitations`);
    rates.push(Math.round(BULK_SIZE / seconds));
  }
  rates.sort((a, b) => a - b);
  return { invitationsPerSecond: rates[Math.floor(rates.length / 2)], rounds: rates, contactsPerRequest: BULK_SIZE };
}

/** Invite New Patient with the projections in the projector process (RUN_PROJECTIONS=false on the API); delivery stays in the API. */
async function splitInvites(options: { seconds: number; connections: number }, children: ChildProcess[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'pi-bench-split-'));
  try {
    const port = await freePort();
    const api = spawn(process.execPath, [apiMain], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        RUN_PROJECTIONS: 'false',
        METRICS_PORT: '0',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(api);
    await waitForHttp(`http://127.0.0.1:${port}/health`, api);
    const projector = spawn(process.execPath, [projectorMain], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', STATUS_EVERY_MS: '600000' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(projector);
    const demo = readDemoPractice(dataDir)!;
    const token = await new JwtCodec(resolveJwtSecret(null, dataDir)).sign({
      staffId: demo.staff.admin,
      practiceId: demo.practiceId,
      roles: ['admin'],
    });
    await fetch(`http://127.0.0.1:${port}/v1/links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ label: 'Bench', slug: 'bench-link' }),
    });
    // The default link is read from its read model, which the projector keeps.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const result = await load(
      `http://127.0.0.1:${port}/v1/invitations`,
      token,
      options.seconds,
      options.connections,
      'POST',
      (i) => ({ contact: { name: `Patient ${i}`, email: `patient${i}@bench.example` } }),
    );
    await Promise.all([stop(api), stop(projector)]);
    return result;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Over HTTP on loopback: one command (update profile) beside a bare node:http baseline measured the same way, then invitations (one per request, with the projector apart, and in bulk). */
export async function httpBench(options: { seconds: number; connections: number }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'pi-bench-http-'));
  const children: ChildProcess[] = [];
  try {
    const basePort = await freePort();
    const baseline = spawn(process.execPath, ['-e', BASELINE_SERVER], {
      env: { ...process.env, PORT: String(basePort) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(baseline);
    await new Promise((resolve) => baseline.stdout.once('data', resolve));
    const baselineResult = await load(
      `http://127.0.0.1:${basePort}/v1/practice/profile`,
      null,
      options.seconds,
      options.connections,
    );
    await stop(baseline);

    const port = await freePort();
    const api = spawn(process.execPath, [apiMain], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(api);
    await waitForHttp(`http://127.0.0.1:${port}/health`, api);
    const demo = readDemoPractice(dataDir)!;
    const token = await new JwtCodec(resolveJwtSecret(null, dataDir)).sign({
      staffId: demo.staff.admin,
      practiceId: demo.practiceId,
      roles: ['admin'],
    });
    await load(`http://127.0.0.1:${port}/v1/practice/profile`, token, 2, options.connections); // warm-up
    const apiResult = await load(
      `http://127.0.0.1:${port}/v1/practice/profile`,
      token,
      options.seconds,
      options.connections,
    );
    // Invite New Patient: a contact (duplicate check included) and an invitation per request; delivery runs behind.
    await fetch(`http://127.0.0.1:${port}/v1/links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ label: 'Bench', slug: 'bench-link' }),
    });
    const invites = await load(
      `http://127.0.0.1:${port}/v1/invitations`,
      token,
      options.seconds,
      options.connections,
      'POST',
      (i) => ({ contact: { name: `Patient ${i}`, email: `patient${i}@bench.example` } }),
    );
    // Bulk sends wait for the sending window: open it all day, so the figure does not depend on the hour it runs.
    await fetch(`http://127.0.0.1:${port}/v1/practice/invite-settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ sendingWindow: { from: '00:00', until: '24:00' } }),
    });
    const bulk = await bulkInvites(`http://127.0.0.1:${port}`, token);
    await stop(api);
    const split = await splitInvites(options, children);
    return {
      invitations: {
        ...invites,
        target: {
          requestsPerSecond: 1000,
          p99Ms: 40,
          met: invites.requestsPerSecond >= 1000 && invites.p99Ms <= 40 && invites.non2xx === 0,
        },
      },
      invitationsWithProjector: {
        ...split,
        target: {
          requestsPerSecond: 1000,
          p99Ms: 40,
          met: split.requestsPerSecond >= 1000 && split.p99Ms <= 40 && split.non2xx === 0,
        },
      },
      bulkInvitations: { ...bulk, target: { invitationsPerSecond: 1000, met: bulk.invitationsPerSecond >= 1000 } },
      name: 'http',
      connections: options.connections,
      seconds: options.seconds,
      api: apiResult,
      baselineNodeHttp: baselineResult,
      apiShareOfBaseline: Number((apiResult.requestsPerSecond / baselineResult.requestsPerSecond).toFixed(3)),
      targets: {
        requestsPerSecond: 3000,
        p99Ms: 20,
        shareOfBaseline: 0.14,
        met:
          apiResult.requestsPerSecond >= 3000 &&
          apiResult.p99Ms <= 20 &&
          apiResult.requestsPerSecond / baselineResult.requestsPerSecond >= 0.14 &&
          apiResult.non2xx === 0,
      },
    };
  } finally {
    await Promise.all(children.map(stop));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
