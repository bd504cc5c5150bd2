import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { toProblem } from '../http/problem-mapping.js';
import { sendProblem } from '../http/problem.filter.js';
import { ProblemException } from '../http/problem.js';
import type { CommandContext } from '../infrastructure/command-context.js';
import type { IpRateLimiter } from '../onboarding/ip-limits.js';
import { PAGE_HEADERS, wantsJson } from './public-link.js';

/** Patients' pages share these answers: a page with the pages' headers, a refusal, a limit, who acted. */
export function sendPage(response: Response, status: number, body: string): void {
  response.status(status).set(PAGE_HEADERS).type('html').send(body);
}

/**
 * A refusal a person can act on: the page again with the problem's detail, or
 * problem+json for a client asking for JSON. Failures of ours (5xx, except an
 * upstream that failed) go on to the error filter.
 */
export function sendFailure(
  request: Request,
  response: Response,
  error: unknown,
  page: (message: string) => string,
): void {
  const { problem, headers } = toProblem(error);
  if (problem.status >= 500 && problem.status !== 502) throw error;
  if (wantsJson(request)) return sendProblem(response, { ...problem, instance: request.path }, headers);
  response
    .status(problem.status)
    .set({ ...PAGE_HEADERS, ...headers })
    .type('html')
    .send(page(problem.detail ?? problem.title));
}

/** One more try from this network address, or 429 with Retry-After. */
export async function takeFromNetwork(limiter: IpRateLimiter, request: Request): Promise<void> {
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
export function patientContext(request: Request, practiceId: string): CommandContext {
  const id = (request as { id?: unknown }).id;
  const requestId = typeof id === 'string' || typeof id === 'number' ? String(id) : randomUUID();
  return { practiceId, actor: 'public:patient', correlationId: requestId, causationId: requestId };
}
