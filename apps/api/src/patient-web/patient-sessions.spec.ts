import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { PatientSessions, SESSION_COOKIE, SESSION_TTL_MS } from './patient-sessions.js';

/** The cookie a reply set (its value and attributes), and a request that carries it back. */
function roundTrip(sessions: PatientSessions, patientId: string, secure = false) {
  const headers: Record<string, unknown> = {};
  const reply = {
    getHeader: (name: string) => headers[name],
    header: (name: string, value: unknown) => (headers[name] = value),
  } as unknown as FastifyReply;
  const session = sessions.start(reply, { protocol: secure ? 'https' : 'http' } as FastifyRequest, patientId);
  const [setCookie] = headers['set-cookie'] as string[];
  const [pair, ...attributes] = setCookie.split('; ');
  const [name, value] = pair.split('=') as [string, string];
  expect(name).toBe(SESSION_COOKIE);
  const request = (cookie: string) =>
    ({ headers: { cookie: `other=1; ${SESSION_COOKIE}=${cookie}` } }) as unknown as FastifyRequest;
  return { session, value: decodeURIComponent(value), attributes, request };
}

describe('patient sessions', () => {
  let now = 1_000_000;
  const ended = new Set<string>();
  const sessions = new PatientSessions(
    'k'.repeat(43),
    () => now,
    async (s) => !ended.has(s.sessionId),
  );

  it('is HttpOnly, SameSite=Strict, Secure over https, and 30 minutes long; it names the patient by id only', () => {
    const { value, attributes } = roundTrip(sessions, 'patient-1', true);
    expect(attributes).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Secure', 'Path=/', `Max-Age=${SESSION_TTL_MS / 1000}`]),
    );
    expect(roundTrip(sessions, 'patient-1', false).attributes).not.toContain('Secure');
    expect(Buffer.from(value.split('.')[0], 'base64url').toString()).toMatch(/^\["patient-1","[0-9a-f-]{36}",\d+\]$/);
  });

  it('reads back a session it signed, and nothing else', async () => {
    const { value, request } = roundTrip(sessions, 'patient-1');
    expect((await sessions.read(request(value)))?.patientId).toBe('patient-1');
    const [payload, signature] = value.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify(['patient-2', 'x', now + 60_000])).toString('base64url');
    expect(await sessions.read(request(`${forged}.${signature}`))).toBeNull();
    expect(await sessions.read(request(`${payload}.${signature.slice(1)}`))).toBeNull();
    expect(await sessions.read(request('garbage'))).toBeNull();
    expect(
      await new PatientSessions(
        'o'.repeat(43),
        () => now,
        async () => true,
      ).read(request(value)),
    ).toBeNull();
  });

  it('ends after 30 minutes', async () => {
    const { value, request } = roundTrip(sessions, 'patient-1');
    now += SESSION_TTL_MS - 1;
    expect(await sessions.read(request(value))).not.toBeNull();
    now += 1;
    expect(await sessions.read(request(value))).toBeNull();
  });

  it('refuses a well-signed, unexpired cookie whose session the server has ended', async () => {
    const { session, value, request } = roundTrip(sessions, 'patient-1');
    expect(await sessions.read(request(value))).not.toBeNull();
    ended.add(session.sessionId);
    expect(await sessions.read(request(value))).toBeNull();
  });

  it("accepts a form's CSRF token only for its own session", () => {
    const first = roundTrip(sessions, 'patient-1').session;
    const second = roundTrip(sessions, 'patient-1').session;
    expect(sessions.checkCsrf(first, sessions.csrfToken(first))).toBe(true);
    expect(sessions.checkCsrf(first, sessions.csrfToken(second))).toBe(false);
    expect(sessions.checkCsrf(first, undefined)).toBe(false);
  });
});
