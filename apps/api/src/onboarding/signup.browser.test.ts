import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailability, launchBrowser, PHONE, TEST_OUTPUT } from '../testing/browser.fixture.js';
import { createLink, invitationToken, latestCode } from '../testing/patient-signup.fixture.js';
import { startTestApp, type TestApp } from '../testing/test-app.fixture.js';

const { available, reason } = browserAvailability();

describe.skipIf(!available)(`patient signup in a real browser ${reason}`, () => {
  let api: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    api = await startTestApp();
    browser = await launchBrowser();
    await api.request('PUT', '/v1/practice/profile', { body: { name: 'Brown Family Clinic' } });
    const team = await api.request('POST', '/v1/teams', { body: { name: 'Front desk' } });
    // The team owns the link: its member (the demo nurse) reads the link's conversations.
    await api.request('POST', `/v1/teams/${team.body.id}/members`, { body: { staffId: api.demo.staff.staff } });
    await createLink(api, 'brown-family', {
      owner: { type: 'team', id: team.body.id },
      autoAssign: true,
      conversationTag: 'new-patient',
      contactTag: 'web',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  /** Landing page → Connect → form → code from the SMS outbox → connected page. */
  async function walk(
    page: Page,
    start: string,
    person: { name: string; phone: string; email: string },
    screenshot: string,
  ): Promise<void> {
    expect((await page.goto(start))?.status()).toBe(200);
    await page.getByRole('link', { name: 'Connect with Brown Family Clinic' }).click();
    await page.getByLabel('Your name').fill(person.name);
    await page.getByLabel('Mobile phone').fill(person.phone);
    await page.getByLabel('Email').fill(person.email);
    // The consent box starts unticked; the patient ticks it.
    const consent = page.getByRole('checkbox');
    expect(await consent.isChecked()).toBe(false);
    await consent.check();
    await page.screenshot({ path: join(TEST_OUTPUT, `form-${screenshot}`), fullPage: true });
    await page.getByRole('button', { name: 'Text me a code' }).click();
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    expect(await page.getByText(/We texted a 6-digit code to ••• \d{4}/).isVisible()).toBe(true);
    const e164 = `+1${person.phone.replace(/\D/g, '').slice(-10)}`;
    await page.getByLabel('6-digit code').fill(await latestCode(api, e164));
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('heading', { name: "You're connected with Brown Family Clinic" }).waitFor();
    await page.screenshot({ path: join(TEST_OUTPUT, screenshot), fullPage: true });
  }

  it('walks a patient from the link to a connected, tagged conversation assigned to the team, unverified', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await walk(
      page,
      `${api.url}/brown-family`,
      { name: 'Ada Lovelace', phone: '(415) 555-0180', email: 'ada@example.com' },
      'signup-connected.png',
    );
    await context.close();

    const head = (await api.running.runtime.events.head())!.position.toString();
    const nurse = await api.token('staff');
    const conversations = await api.request('GET', '/v1/conversations', {
      token: nurse,
      headers: { 'X-Consistent-After': head },
    });
    const conversation = conversations.body.items.find(
      (c: { patient: { account: { phone: string } } }) => c.patient.account.phone === '+14155550180',
    );
    expect(conversation).toMatchObject({
      tags: ['new-patient'],
      assignee: { type: 'team' },
      identityStatus: 'unverified_link',
    });
    const card = await api.request('GET', `/v1/contacts/${conversation.patient.contactId}`, {
      token: nurse,
      headers: { 'X-Consistent-After': head },
    });
    expect(card.body).toMatchObject({
      source: 'link',
      tags: ['web'],
      patient: { identity: { status: 'unverified_link' } },
    });
  });

  it('shows a wrong code plainly and lets the patient try again', async () => {
    const page = await browser.newPage(PHONE);
    await page.goto(`${api.url}/brown-family/connect`);
    await page.getByLabel('Your name').fill('Grace Hopper');
    await page.getByLabel('Mobile phone').fill('415 555 0181');
    await page.getByLabel('Email').fill('grace@example.com');
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Text me a code' }).click();
    const code = await latestCode(api, '+14155550181');
    await page.getByLabel('6-digit code').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Connect' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('That code is not right. 4 tries left.');
    await page.screenshot({ path: join(TEST_OUTPUT, 'signup-wrong-code.png'), fullPage: true });
    await page.getByLabel('6-digit code').fill(code);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('heading', { name: "You're connected with Brown Family Clinic" }).waitFor();
    await page.close();
  });

  it('walks an invited patient through the invitation link: verified by invite, and the invitation accepted', async () => {
    const sent = await api.request('POST', '/v1/invitations', {
      body: { contact: { name: 'Mary Jackson', phone: '(415) 555-0182' } },
    });
    expect(sent.status, sent.text).toBe(201);
    const token = await invitationToken(api, '+14155550182');
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await walk(
      page,
      `${api.url}/brown-family?i=${token}`,
      { name: 'Mary Jackson', phone: '(415) 555-0182', email: 'mary@example.com' },
      'signup-invited-connected.png',
    );
    await context.close();
    const head = (await api.running.runtime.events.head())!.position.toString();
    const card = await api.request('GET', `/v1/contacts/${sent.body.contactId}`, {
      headers: { 'X-Consistent-After': head },
    });
    expect(card.body).toMatchObject({
      status: 'connected',
      patient: { via: 'invitation', identity: { status: 'verified_by_invite', provenBy: 'phone' } },
    });
    expect(card.body.invitations[0].status).toBe('accepted');
    expect(
      (await api.running.runtime.events.readAll()).some(
        (e) => e.type === 'InviteAccepted' && (e.data as { invitationId: string }).invitationId === sent.body.id,
      ),
    ).toBe(true);
  });
});
