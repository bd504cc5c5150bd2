import { HttpException } from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '@pi/domain';
import { isStorageUnavailable, WrongExpectedRevision } from '@pi/event-store';
import { InvalidQuery, ReadModelBehind } from '@pi/read-store';
import { ConcurrencyConflict } from '@pi/application';
import { UpstreamFailed } from '../infrastructure/upstream-failed.js';
import { ProblemException, problemType, titleFor, type Problem } from './problem.js';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  conflict: 409,
  not_found: 404,
  unprocessable: 422,
  forbidden: 403,
  too_many: 429,
};

/** Problem types for the statuses the framework itself answers (an unknown route, a Content-Type it cannot read). */
const HTTP_STATUS_CODES: Record<number, string> = {
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'body-too-large',
  415: 'unsupported-media-type',
};

/** The one place where errors become problem details. Unknown errors are 500s without internals. */
export function toProblem(error: unknown): { problem: Problem; headers: Record<string, string> } {
  if (error instanceof ProblemException) return { problem: error.problem, headers: error.headers };
  if (error instanceof DomainError) {
    const status = STATUS_OF_KIND[error.kind];
    const retryAfter = error.details.retryAfterSeconds;
    const headers: Record<string, string> =
      status === 429 && typeof retryAfter === 'number' ? { 'Retry-After': String(retryAfter) } : {};
    // Details extend the problem; they never replace its standard members.
    return {
      problem: {
        ...error.details,
        type: problemType(error.code),
        title: titleFor(status),
        status,
        detail: error.message,
      },
      headers,
    };
  }
  if (error instanceof ConcurrencyConflict || error instanceof WrongExpectedRevision) {
    return {
      problem: {
        type: problemType('concurrency-conflict'),
        title: titleFor(409),
        status: 409,
        detail: 'Someone else changed this at the same moment; read it again and retry.',
      },
      headers: {},
    };
  }
  if (error instanceof InvalidQuery) {
    return {
      problem: { type: problemType('invalid-query'), title: titleFor(400), status: 400, detail: error.message },
      headers: {},
    };
  }
  if (error instanceof ReadModelBehind) {
    return {
      problem: {
        type: problemType('read-model-behind'),
        title: titleFor(503),
        status: 503,
        detail: `The read model has not reached position ${error.position} within ${error.waitedMs} ms; retry shortly.`,
      },
      headers: { 'Retry-After': '1' },
    };
  }
  if (error instanceof UpstreamFailed) {
    return {
      problem: { type: problemType(error.code), title: titleFor(502), status: 502, detail: error.message },
      headers: {},
    };
  }
  if (isStorageUnavailable(error)) {
    // Not a bug: the disk is full or busy, or the store is out of reach. Work already begun is finished once it is back.
    return {
      problem: {
        type: problemType('storage-unavailable'),
        title: titleFor(503),
        status: 503,
        detail:
          'The service cannot store anything right now (storage full, busy or out of reach). Retry in a little while, with the same Idempotency-Key.',
      },
      headers: { 'Retry-After': '5' },
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? error.message);
    const detail = Array.isArray(message)
      ? message.join('; ')
      : typeof message === 'string'
        ? message
        : JSON.stringify(message);
    const code = HTTP_STATUS_CODES[status] ?? `http-${status}`;
    return { problem: { type: problemType(code), title: titleFor(status), status, detail }, headers: {} };
  }
  return {
    problem: {
      type: problemType('internal-error'),
      title: titleFor(500),
      status: 500,
      detail: 'Something went wrong on our side; the request changed nothing you can see. Try again later.',
    },
    headers: {},
  };
}
