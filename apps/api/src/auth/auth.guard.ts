import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@pi/domain';
import { ProblemException } from '../http/problem.js';
import { IS_PUBLIC, REQUIRED_ROLES, type AuthenticatedRequest } from './decorators.js';
import { InvalidToken, JwtCodec } from './jwt.js';

/** Every route needs a valid bearer token unless marked @Public(); @Roles() narrows who may call it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(JwtCodec) private readonly jwt: JwtCodec,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const challenge = { 'WWW-Authenticate': 'Bearer realm="patient-invites"' };
    if (!match) throw ProblemException.of(401, 'unauthenticated', 'Send a bearer token: Authorization: Bearer <token> (npm run -s token prints one).', {}, challenge);
    try {
      request.auth = await this.jwt.verify(match[1]!);
    } catch (error) {
      if (error instanceof InvalidToken) throw ProblemException.of(401, 'invalid-token', error.reason, {}, { ...challenge, 'WWW-Authenticate': 'Bearer error="invalid_token"' });
      throw error;
    }
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !required.some((role) => request.auth!.roles.includes(role))) {
      throw ProblemException.of(403, 'forbidden-role', `This needs the role ${required.join(' or ')}.`, { requiredRoles: required });
    }
    return true;
  }
}
