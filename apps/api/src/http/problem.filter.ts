import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';
import { toProblem } from './problem-mapping.js';
import { pathOf } from './request-url.js';

/** Every error, from any controller, guard, pipe, interceptor or body parser, leaves as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { problem, headers } = toProblem(error);
    const path = pathOf(request);
    if (problem.status >= 500) {
      // The path only: query strings may carry personal data (a searched phone, an invitation token).
      this.logger.error({ err: error, path, method: request.method }, 'request failed');
    }
    sendProblem(reply, { ...problem, instance: path }, headers);
  }
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): void {
  if (reply.sent) return;
  reply.headers(headers).status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
