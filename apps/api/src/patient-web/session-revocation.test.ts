import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, signUp } from '../testing/patient-signup.fixture.js';
import { signInPatient, type PatientBrowser } from '../testing/patient-web.fixture.js';
import { startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';

/** A copied session cookie is worth nothing once the session ended on the server: sign-out, erasure. */
describe('patient sessions end on the server', () => {
  const clock = testClock();
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({}, { clock });
    await createLink(api, 'session-clinic');
  });
  afterAll(() => api?.close());

  /** What someone holding a copy of the cookie gets when they post a message with it. */
  const replay = async (browser: PatientBrowser, cookie: string) => {
    const form = await browser.get('/session-clinic/message');
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    const response = await fetch(`${api.url}/session-clinic/message`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ text: 'posted with a copied cookie', csrf }).toString(),
    });
    return { status: response.status, location: response.headers.get('location') };
  };

  it('refuses the cookie of a session the patient signed out of, and keeps other sessions', async () => {
    const { verified } = await signUp(api, 'session-clinic', {
      name: 'Ada Session',
      phone: '+14155550161',
      email: 'ada.session@example.com',
    });
    expect(verified.status).toBe(200);
    clock.advance(61); // one code a minute per number
    const laptop = await signInPatient(api, '+14155550161', 'session-clinic');
    clock.advance(61);
    const phone = await signInPatient(api, '+14155550161', 'session-clinic');
    const copied = laptop.cookie();
    expect((await replay(laptop, copied)).status).toBe(303);
    expect((await replay(laptop, copied)).location).toMatch(/^\/p\/conversations\//);

    expect((await laptop.post('/p/sign-out', {})).status).toBe(303);
    const after = await fetch(`${api.url}/p/conversations`, { redirect: 'manual', headers: { cookie: copied } });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/p\/sign-in/);
    // The phone's session is another one: it goes on.
    expect((await phone.get('/p/conversations')).status).toBe(200);
  });

  it("refuses every session of an erased patient's account", async () => {
    const { verified } = await signUp(api, 'session-clinic', {
      name: 'Bea Erased',
      phone: '+14155550162',
      email: 'bea.erased@example.com',
    });
    clock.advance(61);
    const browser = await signInPatient(api, '+14155550162', 'session-clinic');
    const copied = browser.cookie();
    expect((await browser.get('/p/conversations')).status).toBe(200);
    const { token } = await api.operator();
    const erased = await api.request('POST', `/v1/patients/${verified.body.patientId}/erase`, {
      token,
      body: { reason: 'patient_request' },
    });
    expect(erased.status, erased.text).toBe(200);
    const page = await fetch(`${api.url}/p/conversations`, { redirect: 'manual', headers: { cookie: copied } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/p\/sign-in/);
    const posted = await fetch(`${api.url}/session-clinic/message`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: copied, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ text: 'posted after erasure', csrf: 'x' }).toString(),
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toMatch(/^\/p\/sign-in/);
  });
});
