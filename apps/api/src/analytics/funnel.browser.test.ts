import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailability, launchBrowser, PHONE, TEST_OUTPUT } from '../testing/browser.fixture.js';
import { buildFunnelHistory, FUNNEL_START } from '../testing/funnel-history.fixture.js';
import { startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';

const { available, reason } = browserAvailability();

describe.skipIf(!available)(`the funnel chart page in a real browser ${reason}`, () => {
  const clock = testClock(FUNNEL_START);
  let api: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    api = await startTestApp({}, { clock });
    await buildFunnelHistory(api, clock);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('draws a funnel per link and the weekly trend, with the table, under its strict policy and without a request', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      extraHTTPHeaders: { authorization: `Bearer ${await api.token('analyst')}` },
    });
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('request', (request) => requests.push(request.url()));
    const response = await page.goto(`${api.url}/v1/analytics/funnel?by=link&format=html`);
    expect(response?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Invite funnel by link');
    // Two funnels (links, invitations) and the trend: three charts, each visibly drawn.
    const charts = page.locator('figure svg');
    expect(await charts.count()).toBe(3);
    for (const chart of await charts.all()) {
      const box = await chart.boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.height).toBeGreaterThan(100);
    }
    expect(await page.locator('figure').first().getByText('Front desk flyer').count()).toBeGreaterThan(0);
    // The stylesheet applied under the policy: the table's header cells are shaded.
    const header = page.locator('thead th').first();
    // (The callback runs in the page; this project's types have no DOM, hence the global lookup.)
    const background = await header.evaluate(
      (th) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(th)
          .backgroundColor,
    );
    expect(background).toBe('rgb(243, 245, 247)');
    const flyerRow = page.locator('tbody tr', { hasText: 'Front desk flyer' });
    expect(await flyerRow.locator('td').nth(2).textContent()).toBe('4');
    expect(problems).toEqual([]);
    expect(requests).toEqual([`${api.url}/v1/analytics/funnel?by=link&format=html`]);
    await page.screenshot({ path: join(TEST_OUTPUT, 'funnel-by-link.png'), fullPage: true });
    await context.close();
  });

  it('fits a phone and a desktop without scrolling sideways, names the practice and heads the table in words', async () => {
    const profile = await api.request('GET', '/v1/practice/profile');
    const token = await api.token('analyst');
    for (const [name, device] of [
      ['phone', PHONE],
      ['desktop', { viewport: { width: 1280, height: 900 } }],
    ] as const) {
      const context = await browser.newContext({ ...device, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
      const page = await context.newPage();
      await page.goto(`${api.url}/v1/analytics/funnel?by=link&format=html`);
      // (The callback runs in the page; this project's types have no DOM, hence the global lookup.)
      const widths = await page.evaluate(() => {
        const { document, innerWidth } = globalThis as unknown as {
          document: { documentElement: { scrollWidth: number } };
          innerWidth: number;
        };
        return { page: document.documentElement.scrollWidth, viewport: innerWidth };
      });
      expect(widths.page, name).toBeLessThanOrEqual(widths.viewport);
      for (const chart of await page.locator('figure svg').all())
        expect((await chart.boundingBox())!.width, name).toBeLessThanOrEqual(widths.viewport);
      expect(await page.locator('.meta').first().textContent()).toContain(profile.body.name as string);
      const headings = await page.locator('thead th').allTextContents();
      expect(headings.slice(0, 4)).toEqual(['Key', 'Link', 'Page views', 'Automated views']);
      expect(headings).toContain('Median verified → connected (s)');
      await page.screenshot({ path: join(TEST_OUTPUT, `funnel-by-link-${name}.png`), fullPage: true });
      await context.close();
    }
  });
});
