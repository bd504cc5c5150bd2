import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailability, launchBrowser, PHONE, TEST_OUTPUT } from '../testing/browser.fixture.js';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

const { available, reason } = browserAvailability();

describe.skipIf(!available)(`landing page in a real browser ${reason}`, () => {
  let api: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    api = await startTestApp();
    browser = await launchBrowser();
    await api.request('PUT', '/v1/practice/profile', {
      body: {
        name: 'Brown Family Clinic',
        about: 'Family medicine in Springfield since 1998.',
        offerings: ['Vaccinations', 'Telehealth visits'],
        location: '12 Elm Street, Springfield',
        phone: '(415) 555-0100',
      },
    });
    const link = await api.request('POST', '/v1/links', { body: { label: 'Front desk', slug: 'brown-family' } });
    await api.request('GET', `/v1/links/${link.body.id}`, { headers: { 'X-Consistent-After': link.body.position } });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it("shows the practice's profile and a Connect button on a phone, and the button leads on", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') blocked.push(message.text());
    });
    const response = await page.goto(`${api.url}/brown-family`);
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toBe('Brown Family Clinic: connect securely');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Brown Family Clinic');
    expect(await page.getByText('Family medicine in Springfield since 1998.').isVisible()).toBe(true);
    expect(await page.getByRole('listitem').allTextContents()).toEqual(['Vaccinations', 'Telehealth visits']);
    const button = page.getByRole('link', { name: 'Connect with Brown Family Clinic' });
    expect(await button.isVisible()).toBe(true);
    // The stylesheet loaded under the CSP: the button is styled as a full-width button.
    const box = await button.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(blocked).toEqual([]);
    await page.screenshot({ path: join(TEST_OUTPUT, 'landing-page.png'), fullPage: true });
    await button.click();
    await page.waitForURL(`${api.url}/brown-family/connect`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Connect with Brown Family Clinic');
    await context.close();
  });

  it("leads a patient from the landing page to help: the code, no smartphone needed, and the practice's phone", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${api.url}/brown-family`);
    await page.getByRole('link', { name: 'Need help? How connecting works' }).click();
    await page.waitForURL(`${api.url}/brown-family/help`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Help with connecting to Brown Family Clinic',
    );
    expect(await page.getByText('A code works for 10 minutes').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Do I need a smartphone?' }).isVisible()).toBe(true);
    const call = page.locator('a[href^="tel:"]');
    expect(await call.getAttribute('href')).toBe('tel:+14155550100');
    expect(await call.textContent()).toMatch(/415.*555.*0100/);
    // Fits the phone: nothing to scroll sideways.
    // (The callback runs in the page; this project's types have no DOM, hence the global lookup.)
    const fits = await page.evaluate(() => {
      const { document, innerWidth } = globalThis as unknown as {
        document: { documentElement: { scrollWidth: number } };
        innerWidth: number;
      };
      return document.documentElement.scrollWidth <= innerWidth;
    });
    expect(fits).toBe(true);
    await page.screenshot({ path: join(TEST_OUTPUT, 'help-page-phone.png'), fullPage: true });
    await page.getByRole('link', { name: 'Back to Brown Family Clinic' }).click();
    await page.waitForURL(`${api.url}/brown-family`);
    await context.close();
  });

  it('shows a friendly page for a link that does not exist', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${api.url}/no-such-practice`);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link does not work');
    await page.screenshot({ path: join(TEST_OUTPUT, 'not-found-page.png') });
    await page.close();
  });
});
