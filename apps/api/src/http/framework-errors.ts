import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.filter.js';
import { problemType, titleFor } from './problem.js';
import { setSecurityHeaders } from './security-headers.js';

/**
 * Fastify's own refusals before a route is found (a URL it cannot decode, a
 * path segment past the length limit) as problems like any other. Its default
 * answers quote the path, which may carry a token: these never do.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  // The request hooks did not run: the path is only looked at, never echoed.
  setSecurityHeaders(request.url, reply);
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const status = tooLong ? 414 : error.code === 'FST_ERR_BAD_URL' ? 400 : 500;
  sendProblem(reply, {
    type: problemType(tooLong ? 'uri-too-long' : status === 400 ? 'malformed-url' : 'internal-error'),
    title: titleFor(status),
    status,
    detail: tooLong
      ? 'A part of the path is longer than any id or token this API hands out.'
      : status === 400
        ? 'The URL cannot be decoded (a stray or malformed %-escape).'
        : 'Something went wrong on our side; the request changed nothing you can see. Try again later.',
  });
}
