import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';
import { toProblem } from './problem-mapping.js';

/** Every error, from any controller, guard, pipe or interceptor, leaves as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const { problem, headers } = toProblem(error);
    if (problem.status >= 500) {
      // The path only: query strings may carry personal data (a searched phone, an invitation token).
      this.logger.error({ err: error, path: request.path, method: request.method }, 'request failed');
    }
    sendProblem(response, { ...problem, instance: request.path }, headers);
  }
}

export function sendProblem(response: Response, problem: Problem, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
