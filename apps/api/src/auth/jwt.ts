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

/** HS256 bearer tokens: `sub` = staff id, `practiceId`, `roles` ⊂ {admin, staff, auditor}. */
export class JwtCodec {
  private readonly key: Uint8Array;

  constructor(secret: string) {
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
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: [ALGORITHM], issuer: ISSUER }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new InvalidToken(code === 'ERR_JWT_EXPIRED' ? 'The token has expired.' : 'The token is not valid.');
    }
    const { sub, practiceId, roles } = payload as { sub?: unknown; practiceId?: unknown; roles?: unknown };
    if (typeof sub !== 'string' || !sub) throw new InvalidToken('The token has no subject (staff id).');
    if (typeof practiceId !== 'string' || !practiceId) throw new InvalidToken('The token names no practice.');
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) {
      throw new InvalidToken(`The token's roles must be a non-empty list of ${ROLES.join(', ')}.`);
    }
    return { staffId: sub, practiceId, roles: roles as Role[] };
  }
}
