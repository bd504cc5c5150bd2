import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'pi_patient';
/** A patient's web session lasts 30 minutes from sign-in: short, because a shared phone or computer is common. */
export const SESSION_TTL_MS = 30 * 60_000;

export interface PatientSession {
  patientId: string;
  sessionId: string;
  expiresAt: number;
}

/**
 * Signed session cookies for patients on the web: HttpOnly, SameSite=Strict,
 * Secure when the page is served over https, 30 minutes. Forms carry a CSRF
 * token derived from the session (SameSite already keeps other sites' posts
 * out; the token keeps out anything that slips past it). The cookie names the
 * patient by id only: no phone, no name.
 */
export class PatientSessions {
  constructor(
    private readonly key: string,
    private readonly now: () => number,
  ) {}

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(`session|${payload}`).digest('base64url');
  }

  start(response: Response, request: Request, patientId: string): PatientSession {
    const session = { patientId, sessionId: randomUUID(), expiresAt: this.now() + SESSION_TTL_MS };
    const payload = Buffer.from(JSON.stringify([session.patientId, session.sessionId, session.expiresAt])).toString(
      'base64url',
    );
    response.cookie(SESSION_COOKIE, `${payload}.${this.sign(payload)}`, {
      httpOnly: true,
      sameSite: 'strict',
      secure: request.secure,
      path: '/',
      maxAge: SESSION_TTL_MS,
    });
    return session;
  }

  end(response: Response, request: Request): void {
    response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: request.secure, path: '/' });
  }

  /** The session the request carries, if its signature holds and it has not expired. */
  read(request: Request): PatientSession | null {
    const raw = cookieOf(request, SESSION_COOKIE);
    const dot = raw?.lastIndexOf('.') ?? -1;
    if (!raw || dot < 1) return null;
    const payload = raw.slice(0, dot);
    const given = Buffer.from(raw.slice(dot + 1));
    const expected = Buffer.from(this.sign(payload));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const [patientId, sessionId, expiresAt] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [
        string,
        string,
        number,
      ];
      if (typeof patientId !== 'string' || typeof sessionId !== 'string' || typeof expiresAt !== 'number') return null;
      return expiresAt > this.now() ? { patientId, sessionId, expiresAt } : null;
    } catch {
      return null;
    }
  }

  csrfToken(session: PatientSession): string {
    return createHmac('sha256', this.key).update(`csrf|${session.sessionId}`).digest('base64url');
  }

  checkCsrf(session: PatientSession, given: unknown): boolean {
    if (typeof given !== 'string') return false;
    const expected = Buffer.from(this.csrfToken(session));
    const actual = Buffer.from(given);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}

function cookieOf(request: Request, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}
