import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, latestCode, signUp } from '../testing/patient-signup.fixture.js';
import { signInPatient } from '../testing/patient-web.fixture.js';
import { startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';

/** The patients' pages over HTTP: what a patient who mistypes, or someone probing, gets. */
describe("patients' sign-in and pages", () => {
  const clock = testClock();
  let api: TestApp;
  const form = async (path: string, fields: Record<string, string>, cookie = '') => {
    const response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
        ...(cookie ? { cookie } : {}),
      },
      body: new URLSearchParams(fields).toString(),
    });
    return {
      status: response.status,
      text: await response.text(),
      location: response.headers.get('location'),
      cookie: response.headers.get('set-cookie'),
    };
  };
  const refOf = (page: string) => /name="ref" value="([^"]+)"/.exec(page)![1];

  beforeAll(async () => {
    api = await startTestApp({}, { clock });
    await createLink(api, 'web-clinic');
  });
  afterAll(() => api?.close());

  it('a number with no account learns so only after proving it, and gets no session', async () => {
    // From a link's message page: the code comes from that link's practice (its outbox, here).
    const sent = await form('/p/sign-in', { phone: '(415) 555-0140', next: '/web-clinic/message' });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('We texted a 6-digit code to ••• 0140');
    const code = await latestCode(api, '+14155550140');
    const verified = await form('/p/sign-in/verify', { ref: refOf(sent.text), code, next: '/web-clinic/message' });
    expect(verified.status).toBe(404);
    expect(verified.text).toContain('No account with this number');
    expect(verified.cookie).toBeNull();
  });

  it('says what is wrong with a number or a code, and never follows a next address off this site', async () => {
    const bad = await form('/p/sign-in', { phone: 'call me', next: '/p/conversations' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter a mobile number');
    await signUp(api, 'web-clinic', { name: 'Ada Web', phone: '+14155550141', email: 'ada@example.com' });
    clock.advance(61);
    // Signing in from nowhere in particular: the code comes from the practice the patient connected with.
    const sent = await form('/p/sign-in', { phone: '+14155550141', next: 'https://evil.example/' });
    const code = /(\d{6}) is your code to sign in/.exec(
      (await api.codes()).find((m) => m.to === '+14155550141' && /to sign in/.test(m.text))!.text,
    )![1];
    const wrong = await form('/p/sign-in/verify', {
      ref: refOf(sent.text),
      code: code === '000000' ? '111111' : '000000',
      next: 'https://evil.example/',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('That code is not right. 4 tries left.');
    const right = await form('/p/sign-in/verify', { ref: refOf(sent.text), code, next: 'https://evil.example/' });
    expect(right.status, right.text.slice(0, 2000)).toBe(303);
    expect(right.location).toBe('/p/conversations');
    expect(right.cookie).toMatch(/^pi_patient=[^;]+; Max-Age=1800; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
  });

  it("another patient's conversation is not found, and writing to a practice one is not connected with asks to connect", async () => {
    const theirs = await signUp(api, 'web-clinic', {
      name: 'Ben Web',
      phone: '+14155550142',
      email: 'ben@example.com',
    });
    clock.advance(61);
    const ada = await signInPatient(api, '+14155550141', 'web-clinic');
    const page = await ada.get(`/p/conversations/${theirs.verified.body.conversationId as string}`);
    expect(page.status).toBe(404);
    expect(page.text).not.toContain('Ben');
    // A practice Ada never connected with.
    const other = await api.otherPractice();
    const link = await api.request('POST', '/v1/links', {
      token: await other.token(),
      body: { label: 'Elsewhere', slug: 'elsewhere' },
    });
    expect(link.status, link.text).toBe(201);
    await api.request('GET', `/v1/links/${link.body.id}`, {
      token: await other.token(),
      headers: { 'X-Consistent-After': link.body.position },
    });
    const page2 = await ada.get('/elsewhere/message');
    expect(page2.status).toBe(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page2.text)![1];
    const refused = await ada.post('/elsewhere/message', { text: 'Hello?', csrf });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Connect with');
  });
});
