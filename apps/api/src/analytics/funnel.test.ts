import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { emptyCounts, FUNNEL_COUNTS, FUNNEL_CSV_COLUMNS, type FunnelCounts, type FunnelRow } from '@pi/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER, buildFunnelHistory, FUNNEL_START, type FunnelHistory } from '../testing/funnel-history.fixture.js';
import { startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';

const run = promisify(execFile);
const funnelCli = fileURLToPath(new URL('../../../../scripts/dist/funnel.js', import.meta.url));

const counts = (some: Partial<FunnelCounts>): FunnelCounts => ({ ...emptyCounts(), ...some });
type Table = Record<string, { label: string } & FunnelCounts>;

/** What the known history must give, dimension by dimension (see buildFunnelHistory). */
function expected(history: FunnelHistory, final: boolean): Record<string, Table> {
  const later = (some: Partial<FunnelCounts>) => (final ? some : {});
  const webViews = final ? 2 : 1;
  // Ada's invitation (SMS and email, the admin's): opened, then her sign-up, verified, connected, accepted.
  const adasPath = { opened: 1, signupsStarted: 1, verified: 1, connected: 1, accepted: 1 };
  const firstPart = counts({
    ...adasPath,
    views: 5,
    automatedViews: 2,
    signupsStarted: 3,
    verified: 2,
    connected: 2,
    sent: 3,
    delivered: 3,
    revoked: 1,
  });
  return {
    link: {
      [history.flyer]: {
        label: 'Front desk flyer',
        // Two typed views, a scan and Ada's invitation view; Quinn (QR), Tess (typed, unfinished) and Ada signed up.
        ...counts({ ...adasPath, views: 4, automatedViews: 2, signupsStarted: 3, verified: 2, connected: 2 }),
        sent: 1,
        delivered: 1,
      },
      [history.web]: {
        label: final ? 'Web page' : 'Website',
        ...counts({ views: webViews, sent: 2, delivered: 2, revoked: 1, ...later({ expired: 1, reminded: 1 }) }),
      },
    },
    source: {
      qr: { label: 'QR code scan', ...counts({ views: 1, signupsStarted: 1, verified: 1, connected: 1 }) },
      link: {
        label: 'Typed or clicked link',
        ...counts({ views: 2 + webViews, automatedViews: 2, signupsStarted: 1 }),
      },
      invitation: {
        label: 'Invitation',
        ...counts({ ...adasPath, views: 1, sent: 3, delivered: 3, revoked: 1, ...later({ expired: 1, reminded: 1 }) }),
      },
    },
    channel: {
      sms: { label: 'SMS', ...counts({ ...adasPath, sent: 2, delivered: 2, ...later({ expired: 1, reminded: 1 }) }) },
      email: { label: 'Email', ...counts({ ...adasPath, sent: 2, delivered: 2, revoked: 1 }) },
    },
    sender: {
      [history.adminId]: {
        label: history.adminId,
        ...counts({ ...adasPath, sent: 2, delivered: 2, ...later({ expired: 1, reminded: 1 }) }),
      },
      [history.staffId]: { label: history.staffId, ...counts({ sent: 1, delivered: 1, revoked: 1 }) },
    },
    // New York's weeks and days: the first part is Sunday night (week 48), though already Monday (week 49) in UTC.
    week: {
      '2026-W48': { label: 'Week of 2026-11-23', ...firstPart },
      ...(final
        ? { '2026-W49': { label: 'Week of 2026-11-30', ...counts({ views: 1, expired: 1, reminded: 1 }) } }
        : {}),
    },
    day: {
      '2026-11-29': { label: '2026-11-29', ...firstPart },
      ...(final
        ? {
            '2026-12-01': { label: '2026-12-01', ...counts({ views: 1, reminded: 1 }) },
            '2026-12-03': { label: '2026-12-03', ...counts({ expired: 1 }) },
          }
        : {}),
    },
  };
}

const tableOf = (rows: FunnelRow[]): Table =>
  Object.fromEntries(
    rows.map((row) => [
      row.key,
      { label: row.label, ...(Object.fromEntries(FUNNEL_COUNTS.map((c) => [c, row[c]])) as FunnelCounts) },
    ]),
  );

describe('invite funnels: the CLI, the HTTP route and the live read model agree on a known history', () => {
  const clock = testClock(FUNNEL_START);
  let api: TestApp;
  let history: FunnelHistory;
  const cli = async (args: string[]) => {
    const { stdout, stderr } = await run(process.execPath, [funnelCli, '--practice', api.demo.practiceId, ...args], {
      env: { ...process.env, ...api.processEnv, LOG_LEVEL: 'silent' },
    });
    return { stdout, stderr };
  };

  beforeAll(async () => {
    api = await startTestApp({}, { clock });
    history = await buildFunnelHistory(api, clock);
  }, 60_000);
  afterAll(async () => api?.close());

  it('counts every stage of every dimension from the log, through the CLI and the route alike', async () => {
    const want = expected(history, true);
    const analyst = await api.token('analyst');
    for (const [by, table] of Object.entries(want)) {
      const { stdout, stderr } = await cli(['--by', by, '--format', 'json']);
      expect(stderr).toMatch(/funnel: \d+ rows from \d+ events/);
      const fromCli = JSON.parse(stdout) as { by: string; rows: FunnelRow[] };
      expect(fromCli.by).toBe(by);
      expect(tableOf(fromCli.rows), `CLI by ${by}`).toEqual(table);
      const fromHttp = await api.request('GET', `/v1/analytics/funnel?by=${by}`, { token: analyst });
      expect(fromHttp.status, fromHttp.text).toBe(200);
      expect(tableOf(fromHttp.body.rows), `HTTP by ${by}`).toEqual(table);
    }
  });

  it('reports the median time between stages from the events’ own times', async () => {
    const { body } = await api.request('GET', '/v1/analytics/funnel?by=link');
    const web = (body.rows as FunnelRow[]).find((row) => row.key === history.web)!;
    // Delivered at once (the clock stood still), so 0 seconds; nothing of the web link's was opened.
    expect(web.medianSeconds.sentToDelivered).toBe(0);
    expect(web.medianSeconds.deliveredToOpened).toBeNull();
  });

  it('gives the earlier numbers as of an instant before the last events (label as it was then)', async () => {
    const want = expected(history, false);
    for (const by of ['link', 'source', 'week', 'day']) {
      const { stdout } = await cli(['--by', by, '--format', 'json', '--as-of', history.asOf]);
      expect(tableOf((JSON.parse(stdout) as { rows: FunnelRow[] }).rows), `CLI by ${by} as of`).toEqual(want[by]);
      const fromHttp = await api.request(
        'GET',
        `/v1/analytics/funnel?by=${by}&asOf=${encodeURIComponent(history.asOf)}`,
      );
      expect(tableOf(fromHttp.body.rows), `HTTP by ${by} as of`).toEqual(want[by]);
    }
  });

  it('filters by period (dates in the practice’s time zone), link and channel', async () => {
    // 29 November in New York holds the whole first part; 30 November the rest.
    const first = await api.request('GET', '/v1/analytics/funnel?by=source&from=2026-11-29&to=2026-11-29');
    expect(tableOf(first.body.rows)).toEqual(expected(history, false).source);
    const flyer = await api.request('GET', `/v1/analytics/funnel?by=channel&link=${history.flyer}`);
    expect(tableOf(flyer.body.rows)).toEqual({
      sms: expect.objectContaining({ sent: 1, accepted: 1, expired: 0 }),
      email: expect.objectContaining({ sent: 1, accepted: 1, revoked: 0 }),
    });
    const email = await api.request('GET', '/v1/analytics/funnel?by=sender&channel=email');
    expect(tableOf(email.body.rows)).toEqual({
      [history.adminId]: expect.objectContaining({ sent: 1, accepted: 1, expired: 0, reminded: 0 }),
      [history.staffId]: expect.objectContaining({ sent: 1, revoked: 1 }),
    });
  });

  it('gives each link its live funnel on its detail and in the list, equal to the replay', async () => {
    const detail = await api.request('GET', `/v1/links/${history.flyer}`);
    expect(detail.body.funnel).toEqual({ views: 4, signupsStarted: 3, verified: 2, connected: 2 });
    const list = await api.request('GET', '/v1/links');
    const web = (list.body.items as { id: string; funnel: unknown }[]).find((link) => link.id === history.web);
    expect(web?.funnel).toEqual({ views: 2, signupsStarted: 0, verified: 0, connected: 0 });
  });

  it('writes CSV with the JSON names as columns, and the same counts', async () => {
    const { stdout } = await cli(['--by', 'link', '--format', 'csv']);
    const [header, ...lines] = stdout.trim().split('\r\n');
    expect(header.split(',')).toEqual([...FUNNEL_CSV_COLUMNS]);
    const flyer = lines.map((line) => line.split(',')).find((cells) => cells[0] === history.flyer)!;
    const row = Object.fromEntries(FUNNEL_CSV_COLUMNS.map((column, i) => [column, flyer[i]]));
    expect(row).toMatchObject({
      label: 'Front desk flyer',
      views: '4',
      automatedViews: '2',
      connected: '2',
      sent: '1',
    });
    const http = await api.request('GET', '/v1/analytics/funnel?by=link&format=csv', {
      token: await api.token('analyst'),
    });
    expect(http.status).toBe(200);
    expect(http.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(http.text).toBe(stdout.endsWith('\r\n') ? stdout : `${stdout}\n`);
  });

  it('holds no personal data in any output: counts and ids only', async () => {
    const outputs = [
      (await cli(['--by', 'link', '--format', 'csv'])).stdout,
      (await api.request('GET', '/v1/analytics/funnel?by=sender')).text,
      (await api.request('GET', '/v1/analytics/funnel?by=source&format=html')).text,
    ];
    for (const text of outputs)
      for (const personal of ['Quinn', 'Tess', 'Ada', 'Rex', 'Eve', '4155550', 'example.com', 'Demo Admin'])
        expect(text).not.toContain(personal);
  });

  it('writes a self-contained chart page with its own strict policy', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pi-funnel-')), 'funnel.html');
    await cli(['--by', 'link', '--format', 'html', '--out', out]);
    const page = readFileSync(out, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<svg');
    expect(page).toContain('Front desk flyer');
    expect(page).not.toMatch(/<script|src="http|href="http|style="/);
    const http = await api.request('GET', '/v1/analytics/funnel?by=link&format=html');
    expect(http.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'sha256-/);
  });

  it('carries the QR marker from the scanned page to the sign-up form, so the sign-up counts as a scan', async () => {
    const landing = await fetch(`${api.url}/funnel-flyer?src=qr`, { headers: { 'user-agent': BROWSER } });
    expect(await landing.text()).toContain('href="/funnel-flyer/connect?src=qr"');
    const form = await fetch(`${api.url}/funnel-flyer/connect?src=qr`, { headers: { 'user-agent': BROWSER } });
    expect(await form.text()).toContain('<input type="hidden" name="src" value="qr">');
    const typed = await fetch(`${api.url}/funnel-flyer/connect`, { headers: { 'user-agent': BROWSER } });
    expect(await typed.text()).not.toContain('name="src"');
  });

  it('replays a log longer than a page (more than 1,000 events of its kinds) to the end, over HTTP and the CLI', async () => {
    const link = await api.request('POST', '/v1/links', { body: { label: 'Busy poster', slug: 'funnel-busy' } });
    const view = (i: number) => ({
      id: randomUUID(),
      type: 'LinkPageViewed',
      data: {
        linkId: link.body.id,
        practiceId: api.demo.practiceId,
        day: '2026-11-30',
        viewedAt: new Date(FUNNEL_START + i).toISOString(),
        withInvitation: false,
        source: 'qr',
        visitor: `v${i}`,
        automated: false,
        automatedReason: null,
      },
      metadata: {
        practiceId: api.demo.practiceId,
        actor: 'public:visitor',
        correlationId: 'busy',
        causationId: 'busy',
        occurredAt: new Date(FUNNEL_START).toISOString(),
      },
    });
    for (let from = 0; from < 2500; from += 500)
      await api.running.runtime.events.append(
        `linkviews-${link.body.id}_2026-11-30`,
        Array.from({ length: 500 }, (_, i) => view(from + i)),
        'any',
      );
    const http = await api.request('GET', `/v1/analytics/funnel?by=link&link=${link.body.id}`);
    expect(http.status, http.text).toBe(200);
    expect(http.body.rows).toEqual([expect.objectContaining({ key: link.body.id, views: 2500 })]);
    const { stdout } = await cli(['--by', 'link', '--link', link.body.id]);
    expect(JSON.parse(stdout).rows).toEqual([expect.objectContaining({ views: 2500 })]);
  });

  it('refuses bad input with a specific problem, and another practice’s link with 404', async () => {
    const bad = await api.request('GET', '/v1/analytics/funnel?by=colour');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const period = await api.request('GET', '/v1/analytics/funnel?from=2026-12-01&to=2026-11-01');
    expect(period.status).toBe(400);
    expect(period.body).toMatchObject({ detail: '`to` must be after `from`.' });
    const garbled = await api.request('GET', '/v1/analytics/funnel?asOf=yesterday');
    expect(garbled.status).toBe(400);
    expect(garbled.body.detail).toMatch(/asOf/);
    const theirs = await api.otherPractice();
    const theirLink = await api.request('POST', '/v1/links', {
      token: await theirs.token('admin'),
      body: { label: 'Theirs', slug: `their-funnel-${Date.now().toString(36)}` },
    });
    const foreign = await api.request('GET', `/v1/analytics/funnel?link=${theirLink.body.id}`);
    expect(foreign.status).toBe(404);
    const cliBad = await run(process.execPath, [funnelCli, '--by', 'colour'], {
      env: { ...process.env, ...api.processEnv },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(cliBad).toMatchObject({ code: 2, stderr: expect.stringMatching(/--by must be one of/) });
  });
});
