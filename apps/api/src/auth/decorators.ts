import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthContext } from '@pi/application';

export type AuthenticatedRequest = FastifyRequest & { auth?: AuthContext };

/** The verified caller of this request. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): AuthContext => {
  const auth = context.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) throw new Error('Caller used on a route without authentication');
  return auth;
});
