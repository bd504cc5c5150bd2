import type { NextFunction, Request, Response } from 'express';
import { sendProblem } from '../http/problem.filter.js';
import { ProblemException } from '../http/problem.js';
import type { Authenticator } from './authenticator.js';
import type { AuthenticatedRequest } from './decorators.js';

/** Paths whose bodies are read without a token: the SMS provider's signed webhook and the patients' forms. */
const UNAUTHENTICATED_BODIES = new Set(['/v1/sms/inbound']);

/**
 * A body sent to the API is read only after its token checks out: a 9 MB
 * upload without a valid token is refused before a byte of it is buffered.
 * The guard still decides the route's access rule afterwards.
 */
export function authenticateBeforeBody(authenticator: Authenticator) {
  return (request: Request, response: Response, next: NextFunction) => {
    const api = request.path.startsWith('/v1/') || request.path.startsWith('/dev/');
    const hasBody =
      request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
    if (!api || !hasBody || UNAUTHENTICATED_BODIES.has(request.path)) return next();
    authenticator.authenticate(request.headers.authorization).then(
      (auth) => {
        // The guard uses this caller instead of authenticating the same token again.
        (request as AuthenticatedRequest).auth = auth;
        next();
      },
      (error: unknown) => {
        if (!(error instanceof ProblemException)) return next(error);
        // The body stays unread: close the connection after answering rather than drain it.
        sendProblem(response, { ...error.problem, instance: request.path }, { ...error.headers, Connection: 'close' });
      },
    );
  };
}
