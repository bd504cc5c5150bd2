import { expect } from 'vitest';
import type { TestApp } from './test-app.fixture.js';

/** A patient's browser, without a browser: forms posted with the session cookie carried along. */
export interface PatientBrowser {
  get(path: string): Promise<{ status: number; text: string; location: string | null }>;
  post(path: string, form: Record<string, string>): Promise<{ status: number; text: string; location: string | null }>;
  /** Writes to the practice through a link's message page; the conversation it went to. */
  writeTo(slug: string, text: string): Promise<string>;
  /** The session cookie the browser holds now (`pi_patient=…`): what an attacker who copied it would replay. */
  cookie(): string;
}

const hidden = (page: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page)?.[1] ?? null;

/** Signs a patient in on the web (phone, texted code) starting from a link's message page. */
export async function signInPatient(api: TestApp, phone: string, slug: string): Promise<PatientBrowser> {
  let cookie = '';
  const send = async (method: string, path: string, form?: Record<string, string>) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        ...(cookie ? { cookie } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    return { status: response.status, text: await response.text(), location: response.headers.get('location') };
  };
  const browser: PatientBrowser = {
    cookie: () => cookie,
    get: (path) => send('GET', path),
    post: (path, form) => send('POST', path, form),
    async writeTo(target, text) {
      const form = await send('GET', `/${target}/message`);
      expect(form.status, form.text).toBe(200);
      const sent = await send('POST', `/${target}/message`, { text, csrf: hidden(form.text, 'csrf')! });
      expect(sent.status, sent.text).toBe(303);
      return /\/p\/conversations\/([0-9a-f-]{36})$/.exec(sent.location!)![1];
    },
  };
  const start = await send('GET', `/${slug}/message`);
  expect(start.status).toBe(303);
  expect(start.location).toBe(`/p/sign-in?next=${encodeURIComponent(`/${slug}/message`)}`);
  const codeForm = await send('POST', '/p/sign-in', { phone, next: `/${slug}/message` });
  expect(codeForm.status, codeForm.text).toBe(200);
  const sms = (await api.codes()).find((m) => m.to === phone && /is your code to sign in/.test(m.text));
  expect(sms, `a sign-in code texted to ${phone}`).toBeDefined();
  const code = /(\d{6}) is your code/.exec(sms!.text)![1];
  const signedIn = await send('POST', '/p/sign-in/verify', {
    ref: hidden(codeForm.text, 'ref')!,
    code,
    next: hidden(codeForm.text, 'next')!,
  });
  expect(signedIn.status, signedIn.text).toBe(303);
  expect(cookie).toMatch(/^pi_patient=/);
  return browser;
}
