import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/decorators.js';
import type { CommandContext } from '@pi/application';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The metadata every event of this request carries: the caller's practice and
 * staff id, the request id as causation, and the caller's X-Correlation-Id
 * (when well-formed) so a chain of requests can be followed through the log,
 * and the request's Idempotency-Key when it has one (see IdempotencyInterceptor).
 */
export const CommandCtx = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest & { id?: unknown; idempotencyKey?: string }>();
  if (!request.auth) throw new Error('CommandCtx used on a route without authentication');
  const requestId =
    typeof request.id === 'string' || typeof request.id === 'number' ? String(request.id) : randomUUID();
  const header = request.headers['x-correlation-id'];
  const correlationId = typeof header === 'string' && SAFE_ID.test(header) ? header : requestId;
  // An operator acts for the platform: the log says so in the actor.
  const actor = request.auth.operator ? `operator:${request.auth.staffId}` : request.auth.staffId;
  const idempotencyKey = request.idempotencyKey;
  return {
    practiceId: request.auth.practiceId,
    actor,
    correlationId,
    causationId: requestId,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
});
