import { ProblemException } from '../http/problem.js';
import { type AuthContext, InvalidToken, type JwtCodec } from '@pi/application';
import type { Principals } from './principals.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="patient-invites"' };
const INVALID = { 'WWW-Authenticate': 'Bearer error="invalid_token"' };

function invalidToken(detail: string): ProblemException {
  return ProblemException.of(401, 'invalid-token', detail, {}, INVALID);
}

/**
 * Who is calling: the bearer token verified, then checked against the caller
 * as they are now. A staff member must exist in the token's practice, be
 * active and still hold the role the token was issued for (their roles are
 * the ones they hold now, never the token's); an operator must exist and be
 * active. Throws 401 problem details otherwise.
 */
export class Authenticator {
  constructor(
    private readonly jwt: JwtCodec,
    private readonly principals: Principals,
  ) {}

  async authenticate(authorization: string | undefined): Promise<AuthContext> {
    const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
    if (!match)
      throw ProblemException.of(
        401,
        'unauthenticated',
        'Send a bearer token: Authorization: Bearer <token> (npm run -s token prints one).',
        {},
        CHALLENGE,
      );
    let claimed: AuthContext;
    try {
      claimed = await this.jwt.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidToken) throw invalidToken(error.reason);
      throw error;
    }
    return this.asTheyAreNow(claimed);
  }

  private asTheyAreNow(claimed: AuthContext): AuthContext {
    if (claimed.operator) {
      if (!this.principals.operator(claimed.staffId)?.active)
        throw invalidToken('This token names no active operator.');
      return claimed;
    }
    const member = this.principals.staffMember(claimed.staffId);
    if (!member || member.practiceId !== claimed.practiceId)
      throw invalidToken('This token names no staff member of that practice.');
    if (!member.active) throw invalidToken('This staff member has been deactivated.');
    if (!claimed.roles.includes(member.role))
      throw invalidToken('The role this token was issued for is no longer held; ask for a new token.');
    return { staffId: member.id, practiceId: member.practiceId, roles: [member.role] };
  }
}
