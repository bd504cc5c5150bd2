import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@pi/domain';
import type { Request } from 'express';
import type { AuthContext } from './auth-context.js';

export const IS_PUBLIC = 'pi:public';
export const REQUIRED_ROLES = 'pi:roles';

/** No token needed (health, metrics, docs, the patients' pages). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller needs one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export type AuthenticatedRequest = Request & { auth?: AuthContext };

/** The verified caller of this request. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): AuthContext => {
  const auth = context.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) throw new Error('Caller used on a route without authentication');
  return auth;
});
