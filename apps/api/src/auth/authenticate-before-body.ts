import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../http/problem.filter.js';
import { lingerOnClose } from '../http/lingering-close.js';
import { ProblemException } from '../http/problem.js';
import { pathOf, routeOf } from '../http/request-url.js';
import { ACCESS_POLICY } from './access-policy.js';
import type { Authenticator } from './authenticator.js';
import type { AuthenticatedRequest } from './decorators.js';

/**
 * API routes whose bodies are read without a token: the routes the access
 * policy makes public (the SMS provider's signed webhooks), read from the
 * policy itself so a new public route cannot be left out.
 */
const UNAUTHENTICATED_BODIES = new Set(
  Object.entries(ACCESS_POLICY)
    .filter(([, rule]) => rule === 'public')
    .map(([route]) => route.split(' ')[1])
    .filter((path) => path.startsWith('/v1/') || path.startsWith('/dev/')),
);

/**
 * A body sent to the API is read only after its token checks out: a 9 MB
 * upload without a valid token is refused before a byte of it is buffered.
 * The guard still decides the route's access rule afterwards.
 */
export function authenticateBeforeBody(authenticator: Authenticator) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const path = pathOf(request);
    const api = path.startsWith('/v1/') || path.startsWith('/dev/');
    const hasBody =
      request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
    if (!api || !hasBody || UNAUTHENTICATED_BODIES.has(routeOf(request) ?? path)) return undefined;
    try {
      // The guard uses this caller instead of authenticating the same token again.
      (request as AuthenticatedRequest).auth = await authenticator.authenticate(request.headers.authorization);
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      // The body stays unread, and the connection closes after the answer, lingering so the client reads it.
      lingerOnClose(request.raw);
      sendProblem(reply, { ...error.problem, instance: path }, { ...error.headers, Connection: 'close' });
      return reply;
    }
    return undefined;
  };
}
