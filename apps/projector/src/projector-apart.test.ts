import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { databaseFile } from '@pi/application';
import { eventually as until, startTestApp, type TestApp } from '@pi/api/testing';
import { openSqliteDatabase } from '@pi/event-store/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const projectorMain = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('an API with the projector in its own process', () => {
  let api: TestApp;
  let projector: ChildProcess;
  beforeAll(async () => {
    api = await startTestApp({ RUN_PROJECTIONS: 'false' });
    projector = spawn(process.execPath, [projectorMain], {
      env: {
        ...process.env,
        DATA_DIR: api.config.dataDir,
        LOG_LEVEL: 'silent',
        STATUS_EVERY_MS: '60000',
        METRICS_PORT: 'off',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  });
  afterAll(async () => {
    projector.kill('SIGTERM');
    await new Promise((resolve) => projector.once('exit', resolve));
    await api.close();
  });

  it('reads its own writes 100 times out of 100, including from read models the write did not touch', async () => {
    let answered = 0;
    for (let i = 0; i < 100; i++) {
      const created = await api.request('POST', '/v1/contacts', {
        body: { name: `Apart ${i}`, email: `apart-${i}@projector.example` },
      });
      expect(created.status).toBe(201);
      // The contact card also reads invitations, SMS consent and connections: idle read models the write gave nothing to.
      const read = await api.request('GET', `/v1/contacts/${created.body.id}`, {
        headers: { 'X-Consistent-After': created.body.position },
      });
      if (read.status === 200) answered += 1;
    }
    expect(answered).toBe(100);
    const health = await until(
      () => api.request('GET', '/health', { token: null }),
      (h) => h.body.projections.every((p: { lagEvents: number }) => p.lagEvents === 0),
    );
    expect(health.body.projections.map((p: { lagEvents: number }) => p.lagEvents)).toEqual(
      health.body.projections.map(() => 0),
    );
    expect(health.body.projections.every((p: { runsIn: string }) => p.runsIn === 'projector')).toBe(true);
  });

  it('shows a read model the projector stopped on, in the API’s /health and /metrics (the first scrape), naming the event and never its data', async () => {
    // The file the API writes, opened as a second process would.
    const db = openSqliteDatabase(databaseFile(api.config.dataDir));
    const position = (await api.running.runtime.events.head())!.position;
    db.prepare(
      'INSERT INTO events (id, stream_id, category, revision, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, 0, ?, 1, ?, ?, ?)',
    ).run(
      'unreadable-1',
      'contact-unreadable',
      'contact',
      'ContactCreated',
      '{"name":"Patient Zero","phone":"+1415555', // cut off mid-write
      '{}',
      new Date().toISOString(),
    );
    db.close();
    const health = await until(
      () => api.request('GET', '/health', { token: null }),
      (h) => h.status === 503,
    );
    expect(health.status).toBe(503);
    expect(health.body.failedProjections).toContain('contacts');
    const contacts = health.body.projections.find((p: { name: string }) => p.name === 'contacts');
    expect(contacts).toMatchObject({
      state: 'failed',
      runsIn: 'projector',
      position: position.toString(),
      error: { eventId: 'unreadable-1', eventType: 'ContactCreated', errorClass: 'SyntaxError' },
    });
    expect(health.text).not.toMatch(/Patient Zero|\+1415555/);
    const metrics = await (await fetch(api.running.metricsUrl!)).text();
    expect(metrics).toMatch(/projection_failed\{projection="contacts"\} 1/);
    expect(metrics).toMatch(/projection_lag_events\{projection="contacts"\} [1-9]/);
    expect(metrics).not.toMatch(/Patient Zero/);
  });
});
