import { expect } from 'vitest';
import type { ApiResponse, TestApp } from './test-app.fixture.js';

/** A patient's form posts, as a browser sends them (urlencoded), asking for JSON answers. */
export function postForm(
  api: TestApp,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  return api.request('POST', path, {
    token: null,
    rawBody: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
  });
}

/** The newest code texted to this number, read from the embedded SMS outbox (the platform's: no practice reads codes). */
export async function latestCode(api: TestApp, phone: string): Promise<string> {
  const sms = (await api.codes()).find((m) => m.channel === 'sms' && m.to === phone && /is your code/.test(m.text));
  expect(sms, `a code texted to ${phone}`).toBeDefined();
  return /(\d{6}) is your code/.exec(sms!.text)![1];
}

export interface Person {
  name: string;
  phone: string;
  email: string;
}

/** Signup, read the code, verify: the whole walk in JSON. */
export async function signUp(
  api: TestApp,
  slug: string,
  person: Person,
  extra: { i?: string; ip?: string } = {},
): Promise<{ ref: string; verified: ApiResponse }> {
  const headers: Record<string, string> = extra.ip ? { 'x-forwarded-for': extra.ip } : {};
  const sent = await postForm(
    api,
    `/${slug}/signup`,
    { ...person, consent: 'yes', ...(extra.i ? { i: extra.i } : {}) },
    headers,
  );
  expect(sent.status, sent.text).toBe(200);
  // The code is the patient's: only the platform's operators read it in the embedded outbox.
  const code = await latestCode(api, person.phone);
  const verified = await postForm(api, `/${slug}/verify`, { ref: sent.body.ref, code }, headers);
  expect(verified.status, verified.text).toBe(200);
  return { ref: sent.body.ref, verified };
}

/** A link with a slug, its conversation and contact tags, optionally owned and auto-assigning. */
export async function createLink(
  api: TestApp,
  slug: string,
  options: {
    owner?: { type: 'staff' | 'team'; id: string };
    autoAssign?: boolean;
    conversationTag?: string;
    contactTag?: string;
  } = {},
): Promise<{ id: string; position: string }> {
  const link = await api.request('POST', '/v1/links', { body: { label: slug, slug } });
  expect(link.status, link.text).toBe(201);
  let position = link.body.position as string;
  const step = async (method: string, path: string, body: unknown) => {
    const response = await api.request(method, `/v1/links/${link.body.id}${path}`, { body });
    expect(response.status, response.text).toBeLessThan(300);
    position = response.body.position;
  };
  if (options.conversationTag) await step('POST', '/tags', { scope: 'conversation', tag: options.conversationTag });
  if (options.contactTag) await step('POST', '/tags', { scope: 'contact', tag: options.contactTag });
  if (options.owner) await step('PUT', '/owner', options.owner);
  if (options.autoAssign) await step('PUT', '/auto-assign', { enabled: true });
  // The public pages read the links read model.
  await api.request('GET', `/v1/links/${link.body.id}`, { headers: { 'X-Consistent-After': position } });
  return { id: link.body.id, position };
}

/** Waits for the delivery processor to text or email an invitation, and returns the token it carried (`?i=`). */
export async function invitationToken(api: TestApp, to: string, adminToken?: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const message = (await api.outbox(adminToken)).find((m) => m.to === to && /\?i=/.test(m.text));
    if (message) return /\?i=([A-Za-z0-9_-]+)/.exec(message.text)![1];
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no invitation reached ${to}`);
}
