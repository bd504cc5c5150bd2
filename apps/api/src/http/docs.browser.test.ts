import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailability, launchBrowser, TEST_OUTPUT } from '../testing/browser.fixture.js';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';
import { DOCS_CSP } from './security-headers.js';

const { available, reason } = browserAvailability();

describe.skipIf(!available)(`the API documentation in a real browser ${reason}`, () => {
  let api: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    api = await startTestApp();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('renders every operation under its Content-Security-Policy, with nothing refused by it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const response = await page.goto(`${api.url}/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toBe(DOCS_CSP);
    expect(response?.headers()['cache-control']).toBe('no-store');
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(50);
    await page.screenshot({ path: join(TEST_OUTPUT, 'api-docs.png') });
    expect(problems).toEqual([]);
  });
});
