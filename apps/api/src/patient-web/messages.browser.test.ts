import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailability, launchBrowser, PHONE, TEST_OUTPUT } from '../testing/browser.fixture.js';
import { createLink, latestCode } from '../testing/patient-signup.fixture.js';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

const { available, reason } = browserAvailability();

describe.skipIf(!available)(`a patient writes to a link in a real browser ${reason}`, () => {
  let api: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    api = await startTestApp();
    browser = await launchBrowser();
    await api.request('PUT', '/v1/practice/profile', {
      body: { name: 'Brown Family Clinic', timeZone: 'America/New_York' },
    });
    // The nurse owns the link and it auto-assigns: whatever comes through it lands in the nurse's "Mine".
    await createLink(api, 'nurse-line', {
      owner: { type: 'staff', id: api.demo.staff.staff },
      autoAssign: true,
      conversationTag: 'Flu',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('connects, writes from the connected page, the owner finds it in "Mine" with the tag, answers, and the patient reads it', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    // A step that does not happen fails with its locator named, well before the test's own timeout.
    page.setDefaultTimeout(8000);
    await page.goto(`${api.url}/nurse-line/connect`);
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByLabel('Mobile phone').fill('(415) 555-0190');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Text me a code' }).click();
    await page.getByLabel('6-digit code').fill(await latestCode(api, '+14155550190'));
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('heading', { name: "You're connected with Brown Family Clinic" }).waitFor();
    await page.getByRole('link', { name: 'Write to Brown Family Clinic' }).click();
    await page.getByRole('heading', { name: 'Message Brown Family Clinic' }).waitFor();
    // The message box spans the page, on a phone too.
    expect((await page.getByLabel('Your message').boundingBox())!.width).toBeGreaterThan(300);
    await page.getByLabel('Your message').fill('My cough is worse since Friday.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('My cough is worse since Friday.').waitFor();
    // Times on the practice's clock, its zone named (not UTC without a word).
    expect(await page.locator('#messages time').first().textContent()).toMatch(/\d{1,2}:\d{2} (AM|PM) E[SD]T$/);
    await page.screenshot({ path: join(TEST_OUTPUT, 'patient-conversation.png'), fullPage: true });
    const conversationId = /\/p\/conversations\/([0-9a-f-]{36})$/.exec(page.url())![1];

    const nurse = await api.token('staff');
    const head = (await api.running.runtime.events.head())!.position.toString();
    const mine = await api.request('GET', '/v1/inbox?view=mine', {
      token: nurse,
      headers: { 'X-Consistent-After': head },
    });
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        id: conversationId,
        tags: ['Flu'],
        assignee: expect.objectContaining({ type: 'staff', id: api.demo.staff.staff, name: 'Demo Nurse' }),
        lastMessage: expect.objectContaining({ preview: 'My cough is worse since Friday.', from: 'patient' }),
        unread: true,
      }),
    ]);
    // Not in the main inbox: auto-assigned conversations never land there.
    const main = await api.request('GET', '/v1/inbox?view=main', {
      token: nurse,
      headers: { 'X-Consistent-After': head },
    });
    expect(main.body.items).toEqual([]);
    // The admin is neither owner nor member of this link.
    const admin = await api.request('GET', `/v1/conversations/${conversationId}`, {
      headers: { 'X-Consistent-After': head },
    });
    expect(admin.status).toBe(404);

    const answered = await api.request('POST', `/v1/conversations/${conversationId}/messages`, {
      token: nurse,
      body: { text: 'Come in today at 4pm.' },
    });
    expect(answered.status, answered.text).toBe(201);
    // The patient opens the page once the answer is in the read models (as their next visit would find it).
    const shown = await api.request('GET', `/v1/conversations/${conversationId}/messages`, {
      token: nurse,
      headers: { 'X-Consistent-After': String(answered.body.position) },
    });
    expect(shown.status, shown.text).toBe(200);
    await page.reload();
    await page.getByText('Come in today at 4pm.').waitFor();
    // Replying from the conversation page.
    await page.getByLabel('Your message').fill('Thank you!');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you!').waitFor();
    await page.getByRole('link', { name: 'All your messages' }).click();
    await page.getByRole('heading', { name: 'Your messages' }).waitFor();
    expect(await page.getByText('Brown Family Clinic').first().isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to your messages' }).waitFor();
    // Signed out: the conversation asks to sign in again.
    await page.goto(`${api.url}/p/conversations/${conversationId}`);
    await page.getByRole('heading', { name: 'Sign in to your messages' }).waitFor();
    await context.close();
  });
});
