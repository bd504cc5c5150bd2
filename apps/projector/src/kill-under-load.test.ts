import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CommandExecutor, createRuntime, outboxFile, ReservationRepair, Reservations } from '@pi/application';
import { openSqliteDatabase } from '@pi/event-store/sqlite';
import { allProjections } from '@pi/projections';
import { collectionOf, rebuildProjection } from '@pi/read-store';
import { eventually } from '@pi/api/testing';
import { afterAll, describe, expect, it } from 'vitest';

const apiMain = fileURLToPath(new URL('../../api/dist/main.js', import.meta.url));
const projectorMain = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const tokenCli = fileURLToPath(new URL('../../../scripts/dist/token.js', import.meta.url));
const KILLS = 3;
const CLIENTS = 12;

interface Api {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

/** The demo admin's token, made as the start banner says (it prints none). */
async function adminToken(dataDir: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [tokenCli, '--role', 'admin'], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
  });
  return stdout.trim();
}

function startApi(dataDir: string, env: Record<string, string>): Promise<Api> {
  const child = spawn(process.execPath, [apiMain], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      METRICS_PORT: 'off',
      LOG_LEVEL: 'warn',
      DELIVERY_RETRY_BASE_MS: '10',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // Printed once everything listens.
      if (!/Get a token/.test(output)) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({
        child,
        url: /listening on (http:\/\/\S+)/.exec(output)![1],
        exited,
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}

function startProjector(dataDir: string): { child: ChildProcess; exited: Promise<void> } {
  const child = spawn(process.execPath, [projectorMain], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', STATUS_EVERY_MS: '60000', METRICS_PORT: 'off' },
    stdio: 'ignore',
  });
  return { child, exited: new Promise((resolve) => child.once('exit', () => resolve())) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the clients were told was done (2xx answers only). */
interface Acknowledged {
  contacts: Set<string>;
  invitations: Set<string>;
  emails: Map<string, string>;
}

/** Mixed commands from many clients until `stop` says so: new contacts, Invite New Patient, invitations of existing contacts, tags. */
async function load(
  api: Api,
  token: string,
  linkId: string,
  acked: Acknowledged,
  counter: { n: number },
  stop: { now: boolean },
): Promise<void> {
  const call = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json().catch(() => null)) as Record<string, string> | null,
    };
  };
  const client = async () => {
    while (!stop.now) {
      const i = counter.n++;
      const email = `crash-${i}@kill.example`;
      try {
        if (i % 3 === 0) {
          const created = await call('POST', '/v1/contacts', { name: `Crash ${i}`, email });
          if (created.status === 201) {
            acked.contacts.add(created.body!.id);
            acked.emails.set(created.body!.id, email);
            const invited = await call('POST', '/v1/invitations', { contactId: created.body!.id, linkId });
            if (invited.status === 201) acked.invitations.add(invited.body!.id);
          }
        } else if (i % 3 === 1) {
          const invited = await call('POST', '/v1/invitations', { linkId, contact: { name: `Crash ${i}`, email } });
          if (invited.status === 201) {
            acked.invitations.add(invited.body!.id);
            acked.contacts.add(invited.body!.contactId);
            acked.emails.set(invited.body!.contactId, email);
          }
        } else {
          const [some] = [...acked.contacts].slice(-1);
          if (some) await call('POST', `/v1/contacts/${some}/tags`, { tag: `t${i % 7}` });
        }
      } catch {
        // The process was killed under this request: not acknowledged, so nothing is promised.
        await sleep(20);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
}

for (const layout of ['projector inside the API', 'projector apart'] as const) {
  describe(`kill -9 under load, ${layout}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pi-kill-'));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
    const apart = layout === 'projector apart';
    const env: Record<string, string> = apart ? { RUN_PROJECTIONS: 'false' } : {};

    it('loses no acknowledged command, leaves read models equal to a rebuild, no key held by nothing and no message sent twice', async () => {
      let api = await startApi(dataDir, env);
      let projector = apart ? startProjector(dataDir) : null;
      const token = await adminToken(dataDir);
      expect(token).toMatch(/^ey/);
      const link = await fetch(`${api.url}/v1/links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ label: 'Kill', slug: 'kill-clinic' }),
      });
      const linkId = ((await link.json()) as { id: string }).id;
      const acked: Acknowledged = { contacts: new Set(), invitations: new Set(), emails: new Map() };
      const counter = { n: 0 };

      for (let kill = 0; kill < KILLS; kill++) {
        const stop = { now: false };
        const running = load(api, token, linkId, acked, counter, stop);
        await sleep(400 + Math.floor(Math.random() * 600));
        // No chance to clean up: whatever was between two writes stays there.
        api.child.kill('SIGKILL');
        if (projector && kill % 2 === 0) projector.child.kill('SIGKILL');
        stop.now = true;
        await running;
        await api.exited;
        if (projector && kill % 2 === 0) {
          await projector.exited;
          projector = startProjector(dataDir);
        }
        api = await startApi(dataDir, env);
      }
      expect(acked.invitations.size, 'the load acknowledged commands before the kills').toBeGreaterThan(20);

      // After catch-up: every acknowledged command is in the read models.
      const headers = { authorization: `Bearer ${token}` };
      const health = await eventually(
        async () =>
          (await (await fetch(`${api.url}/health`)).json()) as { projections: { lagEvents: number; state: string }[] },
        (h) => h.projections.every((p) => p.lagEvents === 0),
        20_000,
      );
      expect(health.projections.filter((p) => p.lagEvents !== 0 || p.state === 'failed')).toEqual([]);
      for (const id of acked.contacts)
        expect((await fetch(`${api.url}/v1/contacts/${id}`, { headers })).status, `contact ${id}`).toBe(200);
      for (const id of acked.invitations)
        expect((await fetch(`${api.url}/v1/invitations/${id}`, { headers })).status, `invitation ${id}`).toBe(200);
      // Interrupted sends are finished (after their grace period) and delivered.
      await sleep(3000);
      api.child.kill('SIGTERM');
      await api.exited;
      projector?.child.kill('SIGTERM');
      await projector?.exited;

      // The stores as a process of the service opens them (the log's personal values sealed with the key table's keys).
      const runtime = await createRuntime({ dataDir, runProjections: false });
      try {
        const events = runtime.events;
        const store = runtime.readModels.store;
        const log = await events.readAll({ maxCount: 1_000_000 });
        const streams = new Set(log.map((e) => e.streamId));
        for (const id of acked.contacts) expect(streams.has(`contact-${id}`)).toBe(true);
        for (const id of acked.invitations)
          expect(log.some((e) => e.streamId === `invitation-${id}` && e.type === 'InviteSent')).toBe(true);
        // Every send recorded on a contact exists on its invitation: nothing is left half-applied.
        for (const e of log.filter((e) => e.type === 'ContactInvited')) {
          const { invitationId } = e.data as { invitationId: string };
          expect(streams.has(`invitation-${invitationId}`), `invitation ${invitationId} of a recorded send`).toBe(true);
        }
        // Every read model equals a fresh rebuild from the log.
        for (const projection of allProjections) {
          const { active } = await store.generations(projection.name);
          const survived = await store.find<{ id: string }>(collectionOf(projection, active!), { limit: 1_000_000 });
          const rebuilt = await rebuildProjection(projection, events, store);
          const clean = await store.find<{ id: string }>(collectionOf(projection, rebuilt.generation), {
            limit: 1_000_000,
          });
          expect(survived.items, projection.name).toEqual(clean.items);
        }
        // Keys left held by owners that never came into existence are freed (by the next claimant, or this repair).
        const later = { now: () => new Date(Date.now() + 31_000) };
        const executor = new CommandExecutor(events, later);
        await new ReservationRepair(events, new Reservations(executor, later)).run();
        expect(
          (await new ReservationRepair(events, new Reservations(executor, later)).run({ dryRun: true })).released,
        ).toEqual([]);
        // No message went out twice: one per round and channel, each recipient one invitation.
        const outbox = openSqliteDatabase(outboxFile(dataDir));
        const sent = outbox
          .prepare(
            "SELECT recipient, COUNT(*) AS n FROM dev_outbox WHERE channel = 'email' GROUP BY recipient HAVING n > 1",
          )
          .all();
        outbox.close();
        expect(sent).toEqual([]);
        const attempts = log
          .filter((e) => e.type === 'InviteDeliveryAttempted')
          .map((e) => (e.data as { sendKey: string }).sendKey);
        expect(new Set(attempts).size).toBe(attempts.length);
      } finally {
        await runtime.close();
      }
    }, 60_000);
  });
}
