import { randomUUID } from 'node:crypto';
import type { FastifyRequest, FastifyReply } from 'fastify';
import { toProblem } from '../http/problem-mapping.js';
import { sendProblem } from '../http/problem.filter.js';
import { ProblemException } from '../http/problem.js';
import type { CommandContext } from '@pi/application';
import type { IpRateLimiter } from '../onboarding/ip-limits.js';
import { PAGE_HEADERS, wantsJson } from './public-link.js';
import { pathOf } from '../http/request-url.js';

/** Patients' pages share these answers: a page with the pages' headers, a refusal, a limit, who acted. */
export function sendPage(response: FastifyReply, status: number, body: string): void {
  response.status(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(body);
}

/**
 * A refusal a person can act on: the page again with the problem's detail, or
 * problem+json for a client asking for JSON. Failures of ours (5xx, except an
 * upstream that failed) go on to the error filter.
 */
export function sendFailure(
  request: FastifyRequest,
  response: FastifyReply,
  error: unknown,
  page: (message: string) => string,
): void {
  const { problem, headers } = toProblem(error);
  if (problem.status >= 500 && problem.status !== 502) throw error;
  if (wantsJson(request)) return sendProblem(response, { ...problem, instance: pathOf(request) }, headers);
  response
    .status(problem.status)
    .headers({ ...PAGE_HEADERS, ...headers })
    .type('text/html; charset=utf-8')
    .send(page(problem.detail ?? problem.title));
}

/** One more try from this network address, or 429 with Retry-After. */
export async function takeFromNetwork(limiter: IpRateLimiter, request: FastifyRequest): Promise<void> {
  const wait = await limiter.take(request.ip ?? 'unknown');
  if (wait !== null)
    throw ProblemException.of(
      429,
      'too-many-from-this-network',
      `Too many attempts from your network. Try again in ${Math.ceil(wait / 60)} minutes.`,
      { retryAfterSeconds: wait },
      { 'Retry-After': String(wait) },
    );
}

/** A patient's request as the metadata of the events it records (no patient identity before it is proven). */
export function patientContext(request: FastifyRequest, practiceId: string): CommandContext {
  const id = (request as { id?: unknown }).id;
  const requestId = typeof id === 'string' || typeof id === 'number' ? String(id) : randomUUID();
  return { practiceId, actor: 'public:patient', correlationId: requestId, causationId: requestId };
}
