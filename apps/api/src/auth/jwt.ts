import { isRole, ROLES, type Role } from '@pi/domain';
import { jwtVerify, SignJWT } from 'jose';
import type { AuthContext } from './auth-context.js';

const ISSUER = 'patient-invites';
const ALGORITHM = 'HS256';

export class InvalidToken extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidToken';
  }
}

/** HS256 bearer tokens: `sub` = staff id, `practiceId`, `roles` ⊂ {admin, staff, auditor, support}. */
export class JwtCodec {
  private readonly key: Uint8Array;
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
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  sign(claims: AuthContext, expiresIn: string = '12h'): Promise<string> {
    return new SignJWT({ practiceId: claims.practiceId, roles: claims.roles })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.staffId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
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

  private async verifyWithJose(token: string): Promise<{ auth: AuthContext; expiresAt: number }> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: [ALGORITHM], issuer: ISSUER, currentDate: new Date(this.now()) }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new InvalidToken(code === 'ERR_JWT_EXPIRED' ? 'The token has expired.' : 'The token is not valid.');
    }
    const { sub, practiceId, roles, exp } = payload as { sub?: unknown; practiceId?: unknown; roles?: unknown; exp?: unknown };
    if (typeof exp !== 'number') throw new InvalidToken('The token has no expiry (exp).');
    if (typeof sub !== 'string' || !sub) throw new InvalidToken('The token has no subject (staff id).');
    if (typeof practiceId !== 'string' || !practiceId) throw new InvalidToken('The token names no practice.');
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) {
      throw new InvalidToken(`The token's roles must be a non-empty list of ${ROLES.join(', ')}.`);
    }
    return { auth: { staffId: sub, practiceId, roles: roles as Role[] }, expiresAt: exp * 1000 };
  }
}
