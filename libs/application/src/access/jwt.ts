import { isRole, ROLES, type Role } from '@pi/domain';
import { createHash } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { NO_PRACTICE, type AuthContext } from './auth-context.js';

const ISSUER = 'patient-invites';
const ALGORITHM = 'HS256';
/** A token lives 12 hours unless asked otherwise, and never more than 24. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 12 * 3600;
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** Clocks of two machines disagree a little; an `iat` further ahead than this is refused. */
const CLOCK_SKEW_SECONDS = 60;

export class InvalidToken extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidToken';
  }
}

/** What a token says about its bearer; the guard then checks it against who they are now. */
export type TokenClaims = { staffId: string; practiceId: string; roles: Role[] } | { operatorId: string };

/** Parses a lifetime such as `90m`, `12h`, `1d` or `3600` (seconds); null when it is not one. */
export function parseLifetime(text: string): number | null {
  const match = /^(\d{1,7})\s*([smhd]?)$/.exec(text.trim());
  if (!match) return null;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** HS256 bearer tokens: `sub` = staff id, `practiceId`, `roles` ⊂ {admin, staff, auditor, support}; or `sub` = operator id, `operator: true`. */
export class JwtCodec {
  private readonly key: Uint8Array;
  private readonly keyId: string;
  /** Every key a token may be signed with, by id: the current one and those retired by a rotation. */
  private readonly keys: Map<string, Uint8Array>;
  /**
   * Tokens already verified, by their full text (signature included), with
   * their expiry. A client sends the same bearer token many times: checking
   * it once spares a WebCrypto round trip through the thread pool per request.
   */
  private readonly verified = new Map<string, { auth: AuthContext; expiresAt: number }>();
  private static readonly CACHE_SIZE = 10_000;

  constructor(
    secret: string,
    private readonly now: () => number = Date.now,
    /** Retired token secrets: tokens they signed stay valid until they expire. */
    previous: readonly string[] = [],
  ) {
    this.key = new TextEncoder().encode(secret);
    this.keyId = keyIdOf(secret);
    this.keys = new Map([secret, ...previous].map((s) => [keyIdOf(s), new TextEncoder().encode(s)]));
  }

  /** Signs a token valid from now for `lifetimeSeconds` (at most 24 hours; a negative one is already expired, for tests). */
  sign(claims: TokenClaims, lifetimeSeconds: number = DEFAULT_TOKEN_LIFETIME_SECONDS): Promise<string> {
    if (lifetimeSeconds > MAX_TOKEN_LIFETIME_SECONDS)
      throw new RangeError(`A token lives at most ${MAX_TOKEN_LIFETIME_SECONDS / 3600} hours.`);
    const issuedAt = Math.floor(this.now() / 1000);
    const payload =
      'operatorId' in claims ? { operator: true } : { practiceId: claims.practiceId, roles: claims.roles };
    return new SignJWT(payload)
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid: this.keyId })
      .setSubject('operatorId' in claims ? claims.operatorId : claims.staffId)
      .setIssuer(ISSUER)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + lifetimeSeconds)
      .sign(this.key);
  }

  async verify(token: string): Promise<AuthContext> {
    const cached = this.verified.get(token);
    if (cached) {
      if (cached.expiresAt > this.now()) return cached.auth;
      this.verified.delete(token);
    }
    const { auth, expiresAt } = await this.verifyWithJose(token);
    if (this.verified.size >= JwtCodec.CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { auth, expiresAt });
    return auth;
  }

  /** The key named by the token's `kid`; a token from before key ids is tried with each key. */
  private candidateKeys(token: string): Uint8Array[] {
    let kid: unknown;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw new InvalidToken('The token is not valid.');
    }
    if (kid === undefined) return [...this.keys.values()];
    const key = typeof kid === 'string' ? this.keys.get(kid) : undefined;
    if (!key) throw new InvalidToken('The token is not valid.');
    return [key];
  }

  private async verifyWithJose(token: string): Promise<{ auth: AuthContext; expiresAt: number }> {
    let payload;
    let failure: unknown = null;
    for (const key of this.candidateKeys(token)) {
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          currentDate: new Date(this.now()),
        }));
        break;
      } catch (error) {
        failure = error;
      }
    }
    if (!payload) {
      const code = (failure as { code?: string } | null)?.code;
      throw new InvalidToken(code === 'ERR_JWT_EXPIRED' ? 'The token has expired.' : 'The token is not valid.');
    }
    const { sub, practiceId, roles, exp, iat, operator } = payload as Record<string, unknown>;
    if (typeof exp !== 'number') throw new InvalidToken('The token has no expiry (exp).');
    if (typeof iat !== 'number') throw new InvalidToken('The token has no issue time (iat).');
    if (iat > this.now() / 1000 + CLOCK_SKEW_SECONDS)
      throw new InvalidToken('The token was issued in the future (iat).');
    if (exp - iat > MAX_TOKEN_LIFETIME_SECONDS)
      throw new InvalidToken(
        `The token lives longer than ${MAX_TOKEN_LIFETIME_SECONDS / 3600} hours; ask for a new one.`,
      );
    if (typeof sub !== 'string' || !sub) throw new InvalidToken('The token has no subject (staff id).');
    const expiresAt = exp * 1000;
    if (operator === true) {
      if (practiceId !== undefined) throw new InvalidToken('An operator token names no practice.');
      return { auth: { staffId: sub, practiceId: NO_PRACTICE, roles: [], operator: true }, expiresAt };
    }
    if (typeof practiceId !== 'string' || !practiceId || practiceId === NO_PRACTICE)
      throw new InvalidToken('The token names no practice.');
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) {
      throw new InvalidToken(`The token's roles must be a non-empty list of ${ROLES.join(', ')}.`);
    }
    return { auth: { staffId: sub, practiceId, roles: roles }, expiresAt };
  }
}

/** A key's public name in a token's header: a hash of it, which says nothing of the key. */
function keyIdOf(secret: string): string {
  return createHash('sha256').update(`token-key:${secret}`).digest('base64url').slice(0, 12);
}
