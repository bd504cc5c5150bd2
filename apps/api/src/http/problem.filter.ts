import { Catch, Inject, Logger, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { RouteMethods } from './allowed-methods.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemType, titleFor, type Problem } from './problem.js';
import { toProblem } from './problem-mapping.js';
import { pathOf } from './request-url.js';

/** Every error, from any controller, guard, pipe, interceptor or body parser, leaves as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');
  constructor(@Inject(RouteMethods) private readonly routes: RouteMethods) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const path = pathOf(request);
    const { problem, headers } = this.wrongMethod(error, request.method, path) ?? toProblem(error);
    if (problem.status >= 500) {
      // The path only: query strings may carry personal data (a searched phone, an invitation token).
      this.logger.error({ err: error, path, method: request.method }, 'request failed');
    }
    sendProblem(reply, { ...problem, instance: path }, headers);
  }

  /** The router's 404 for a path that routes do answer, with other methods: 405, and what it answers in Allow. */
  private wrongMethod(error: unknown, method: string, path: string): ReturnType<typeof toProblem> | null {
    // Nest's router says "Cannot <METHOD> <path>"; a controller's own 404s (an unknown id) are domain errors.
    if (!(error instanceof NotFoundException) || !/^Cannot [A-Z]+ /.test(error.message)) return null;
    const allowed = this.routes.forPath(path).filter((m) => m !== method);
    if (allowed.length === 0) return null;
    return {
      problem: {
        type: problemType('method-not-allowed'),
        title: titleFor(405),
        status: 405,
        detail: `${method} is not allowed on ${path}; it answers ${allowed.join(', ')}.`,
      },
      headers: { Allow: allowed.join(', ') },
    };
  }
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): void {
  if (reply.sent) return;
  reply.headers(headers).status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
