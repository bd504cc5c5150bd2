import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, postForm, signUp } from '../testing/patient-signup.fixture.js';
import { startTestApp, testClock, type TestApp } from '../testing/test-app.fixture.js';

const CODE = /\b\d{6}\b/;

/**
 * A patient's codes are the patient's secret. With the dev outbox on (the embedded default), another practice
 * that asks for a code to the patient's phone — a sign-in from its own link, a sign-up on its own link — must
 * not find it in its outbox: it would sign in as the patient and read another practice's messages.
 */
describe("a patient's codes never reach a practice's outbox", () => {
  const clock = testClock();
  let api: TestApp;
  const victim = { name: 'Vera Victim', phone: '+14155550171', email: 'vera@example.com' };
  beforeAll(async () => {
    api = await startTestApp({}, { clock });
    await createLink(api, 'victim-clinic');
    await signUp(api, 'victim-clinic', victim);
  });
  afterAll(() => api?.close());

  it("keeps another practice's admin from reading the codes it asks to be texted to another practice's patient", async () => {
    const other = await api.otherPractice();
    const admin = await other.token('admin');
    const link = await api.request('POST', '/v1/links', { token: admin, body: { label: 'B', slug: 'b-clinic' } });
    expect(link.status, link.text).toBe(201);
    await api.request('GET', `/v1/links/${link.body.id}`, {
      token: admin,
      headers: { 'X-Consistent-After': link.body.position },
    });
    clock.advance(61); // one code a minute per number
    const signIn = await postForm(api, '/p/sign-in', { phone: victim.phone, next: '/b-clinic/message' });
    expect(signIn.status, signIn.text).toBe(200);
    clock.advance(61);
    const signUpAgain = await postForm(api, '/b-clinic/signup', { ...victim, consent: 'yes' });
    expect(signUpAgain.status, signUpAgain.text).toBe(200);

    const texts = (token?: string) =>
      api.outbox(token).then((items) => items.filter((m) => m.to === victim.phone).map((m) => m.text));
    expect((await texts(admin)).filter((text) => CODE.test(text))).toEqual([]);
    expect((await texts()).filter((text) => CODE.test(text))).toEqual([]);
    // The codes went out (to the platform's sink, which only operators read).
    const codes = (await api.codes()).filter((m) => m.to === victim.phone && CODE.test(m.text));
    expect(codes.length).toBeGreaterThanOrEqual(3);
  });
});
