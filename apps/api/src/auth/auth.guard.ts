import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ProblemException } from '../http/problem.js';
import { pathOf, routeOf } from '../http/request-url.js';
import { ruleFor, type AccessRule } from './access-policy.js';
import { Authenticator } from './authenticator.js';
import type { AuthenticatedRequest } from './decorators.js';

/** The route pattern that matched (`/v1/links/:linkId`), never the raw URL. */
export function routePath(request: AuthenticatedRequest): string {
  return routeOf(request) ?? pathOf(request);
}

/**
 * Every route is in the access policy; its row decides who may call. The
 * caller is authenticated as they are now (see Authenticator).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(@Inject(Authenticator) private readonly authenticator: Authenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const rule = this.ruleOf(request);
    if (rule === 'public') return true;
    // Set by the pre-body check for requests with a body; authenticated here for the rest.
    const auth = request.auth ?? (await this.authenticator.authenticate(request.headers.authorization));
    request.auth = auth;
    const allowed = auth.operator ? rule.includes('operator') : auth.roles.some((role) => rule.includes(role));
    if (!allowed)
      throw ProblemException.of(403, 'forbidden-role', `This needs the role ${rule.join(' or ')}.`, {
        requiredRoles: rule,
      });
    return true;
  }

  private ruleOf(request: AuthenticatedRequest): AccessRule {
    const rule = ruleFor(request.method, routePath(request));
    // Fail closed: the start-up check makes this unreachable, but a forgotten row never opens a route.
    if (!rule) throw ProblemException.of(403, 'no-access-rule', 'This route has no access rule.');
    return rule;
  }
}
