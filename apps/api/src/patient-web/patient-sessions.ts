import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieOf, setCookie } from '../http/cookies.js';

export const SESSION_COOKIE = 'pi_patient';
/** A patient's web session lasts 30 minutes from sign-in: short, because a shared phone or computer is common. */
export const SESSION_TTL_MS = 30 * 60_000;

export interface PatientSession {
  patientId: string;
  sessionId: string;
  expiresAt: number;
}

/**
 * Whether the account still lets sessions started at this moment in: it exists, is not erased, and has not
 * ended them since (a sign-out, a phone change). The server's word, so a copied cookie dies with its session.
 */
export type SessionLiveness = (session: PatientSession, startedAt: number) => Promise<boolean>;

/**
 * Signed session cookies for patients on the web: HttpOnly, SameSite=Strict,
 * Secure when the page is served over https, 30 minutes. Forms carry a CSRF
 * token derived from the session (SameSite already keeps other sites' posts
 * out; the token keeps out anything that slips past it). The cookie names the
 * patient by id only: no phone, no name. A signature is not enough: every read
 * asks the patient's stream whether the session is still live (sign-out,
 * phone change and erasure end sessions on the server).
 */
export class PatientSessions {
  constructor(
    private readonly key: string,
    private readonly now: () => number,
    private readonly live: SessionLiveness,
  ) {}

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(`session|${payload}`).digest('base64url');
  }

  start(response: FastifyReply, request: FastifyRequest, patientId: string): PatientSession {
    const session = { patientId, sessionId: randomUUID(), expiresAt: this.now() + SESSION_TTL_MS };
    const payload = Buffer.from(JSON.stringify([session.patientId, session.sessionId, session.expiresAt])).toString(
      'base64url',
    );
    setCookie(response, SESSION_COOKIE, `${payload}.${this.sign(payload)}`, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: request.protocol === 'https',
      path: '/',
      maxAgeSeconds: SESSION_TTL_MS / 1000,
    });
    return session;
  }

  /** Clears the cookie; the caller records the sign-out (the session ends on the server, not only in this browser). */
  end(response: FastifyReply, request: FastifyRequest): void {
    setCookie(response, SESSION_COOKIE, '', {
      httpOnly: true,
      sameSite: 'Strict',
      secure: request.protocol === 'https',
      path: '/',
      maxAgeSeconds: 0,
    });
  }

  /** The session the request carries, if its signature holds, it has not expired and the account has not ended it. */
  async read(request: FastifyRequest): Promise<PatientSession | null> {
    const session = this.signed(request);
    return session && (await this.live(session, session.expiresAt - SESSION_TTL_MS)) ? session : null;
  }

  /** The session the cookie names, if its signature holds and it has not expired (whether or not it was ended). */
  signed(request: FastifyRequest): PatientSession | null {
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
