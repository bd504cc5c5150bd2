import express, { type NextFunction, type Request, type Response } from 'express';
import { sendProblem } from './problem.filter.js';
import { problemType, titleFor } from './problem.js';
import { EVIDENCE_LIMIT_BYTES, EVIDENCE_TYPES } from '../identity/evidence-store.js';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

/**
 * Body parsing for the whole app, with its errors as problem details: a JSON
 * API body must be application/json (415 otherwise), well-formed (400) and
 * under the limit (413). Public pages post ordinary HTML forms.
 */
/** Routes that take a file rather than JSON, with their media types and a larger limit. */
const FILE_ROUTES: { path: string; types: string[] }[] = [
  { path: '/v1/contacts/import', types: ['text/csv'] },
  // The SMS provider posts HTML forms: replies and delivery receipts.
  { path: '/v1/sms/inbound', types: ['application/x-www-form-urlencoded'] },
  { path: '/v1/sms/status', types: ['application/x-www-form-urlencoded'] },
  // Identity evidence: the photo itself is the body.
  { path: '/v1/evidence', types: EVIDENCE_TYPES },
];
export const IMPORT_LIMIT_BYTES = 2 * 1024 * 1024;

/** No request of this API nests deeper than this; a deeper body is refused before validation walks it. */
export const MAX_JSON_DEPTH = 32;

/** How deep a parsed JSON value nests, counted without recursion, stopping once past `limit`. */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

function limitDepth(request: Request, response: Response, next: NextFunction) {
  if (
    request.body !== null &&
    typeof request.body === 'object' &&
    !Buffer.isBuffer(request.body) &&
    jsonDepthExceeds(request.body, MAX_JSON_DEPTH)
  ) {
    sendProblem(response, {
      type: problemType('body-too-deep'),
      title: titleFor(400),
      status: 400,
      detail: `The body nests deeper than ${MAX_JSON_DEPTH} levels.`,
      instance: request.path,
    });
    return;
  }
  next();
}

export function bodyParsing(limitBytes: number) {
  const json = express.json({ limit: limitBytes, strict: true, type: ['application/json', 'application/*+json'] });
  const csv = express.text({ limit: IMPORT_LIMIT_BYTES, type: 'text/csv' });
  const raw = express.raw({ limit: EVIDENCE_LIMIT_BYTES, type: EVIDENCE_TYPES });
  // Only the upload route takes a large binary body.
  const evidence = (request: Request, response: Response, next: NextFunction) =>
    request.path === '/v1/evidence' ? raw(request, response, next) : next();
  const form = express.urlencoded({ limit: limitBytes, extended: false, parameterLimit: 50 });
  const requireJson = (request: Request, response: Response, next: NextFunction) => {
    const fileRoute = FILE_ROUTES.find((route) => route.path === request.path);
    if (fileRoute) return next();
    if (
      WITH_BODY.has(request.method) &&
      request.path.startsWith('/v1/') &&
      hasBody(request) &&
      !request.is(['application/json', 'application/*+json'])
    ) {
      const got = request.headers['content-type'] ?? 'none';
      sendProblem(response, {
        type: problemType('unsupported-media-type'),
        title: titleFor(415),
        status: 415,
        detail: `This endpoint takes a JSON body (Content-Type: application/json); got ${got.split(';')[0]}.`,
        instance: request.path,
      });
      return;
    }
    next();
  };
  const parseErrors = (error: unknown, request: Request, response: Response, next: NextFunction) => {
    const failure = error as { type?: string; status?: number; limit?: number };
    if (failure?.type === 'entity.too.large') {
      sendProblem(response, {
        type: problemType('body-too-large'),
        title: titleFor(413),
        status: 413,
        detail: `The body is larger than ${failure.limit} bytes.`,
        instance: request.path,
      });
    } else if (failure?.type === 'entity.parse.failed') {
      sendProblem(response, {
        type: problemType('malformed-json'),
        title: titleFor(400),
        status: 400,
        detail: 'The body is not well-formed JSON.',
        instance: request.path,
      });
    } else if (failure?.status && failure.status >= 400 && failure.status < 500) {
      sendProblem(response, {
        type: problemType('bad-request-body'),
        title: titleFor(failure.status),
        status: failure.status,
        detail: 'The request body could not be read.',
        instance: request.path,
      });
    } else {
      next(error);
    }
  };
  return [requireJson, json, limitDepth, csv, evidence, form, parseErrors] as const;
}
