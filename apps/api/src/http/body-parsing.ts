import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemException } from './problem.js';
import { EVIDENCE_LIMIT_BYTES, EVIDENCE_TYPES } from '../identity/evidence-store.js';
import { lingerOnClose } from './lingering-close.js';

export const IMPORT_LIMIT_BYTES = 2 * 1024 * 1024;

/** No request of this API nests deeper than this; a deeper body is refused before validation walks it. */
export const MAX_JSON_DEPTH = 32;

const JSON_TYPE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json$/;
const FORM = 'application/x-www-form-urlencoded';
/** An HTML form of this app has a handful of fields; more is not a form of ours. */
const FORM_PARAMETER_LIMIT = 50;

/** What a route takes: the media types it reads and up to how many bytes; a file route also says how it reads them. */
interface BodyRule {
  types: readonly string[];
  /** A file route's reading; other routes read JSON, or a form where they take one, by the type sent. */
  as?: 'form' | 'text' | 'bytes';
  limit: number;
  /** Said in the 415 answer. */
  expects: string;
}

/** Routes that take a file or a provider's form rather than JSON, with their media types and limits. */
function fileRoutes(limitBytes: number): Record<string, BodyRule> {
  const form: BodyRule = { types: [FORM], as: 'form', limit: limitBytes, expects: 'an HTML form' };
  return {
    '/v1/contacts/import': { types: ['text/csv'], as: 'text', limit: IMPORT_LIMIT_BYTES, expects: 'a CSV file' },
    // The SMS provider posts HTML forms: replies and delivery receipts.
    '/v1/sms/inbound': form,
    '/v1/sms/status': form,
    // Identity evidence: the photo itself is the body.
    '/v1/evidence': { types: EVIDENCE_TYPES, as: 'bytes', limit: EVIDENCE_LIMIT_BYTES, expects: 'an image' },
  };
}

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

/** The media type of a Content-Type header, lower-cased, without its parameters. */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Body parsing for the whole app, with its errors as problem details, in one
 * parser that every content type reaches: a JSON API body must be JSON (415
 * otherwise), well-formed (400), not nested too deep (400) and under the limit
 * (413, counted as it arrives, so an oversized body is never buffered). The
 * routes that take a file or a form say so above; public pages post HTML forms.
 */
export function registerBodyParsing(app: FastifyInstance, limitBytes: number): void {
  const files = fileRoutes(limitBytes);
  const json: BodyRule = { types: ['application/json'], limit: limitBytes, expects: 'a JSON body' };
  const page: BodyRule = { types: [FORM], limit: limitBytes, expects: 'an HTML form or JSON' };
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request: FastifyRequest, payload: NodeJS.ReadableStream) => {
    // An unknown route answers 404 without reading what was sent.
    if (request.is404) return Promise.resolve(undefined);
    const route = request.routeOptions.url ?? '';
    const file = files[route];
    const rule = file ?? (route.startsWith('/v1/') || route.startsWith('/dev/') ? json : page);
    const type = mediaTypeOf(request.headers['content-type']);
    const isJson = JSON_TYPE.test(type);
    if (!(rule.types.includes(type) || (!file && isJson))) throw unsupported(rule, type);
    return readBody(payload, request, rule.limit).then((bytes) => {
      const as = file?.as ?? (isJson ? 'json' : 'form');
      if (as === 'json') return parseJson(bytes);
      if (as === 'form') return parseForm(bytes);
      return as === 'text' ? bytes.toString('utf8') : bytes;
    });
  });
}

function unsupported(rule: BodyRule, type: string): ProblemException {
  return ProblemException.of(
    415,
    'unsupported-media-type',
    `This endpoint takes ${rule.expects} (Content-Type: ${rule.types.join(', ')}); got ${type || 'none'}.`,
  );
}

function tooLarge(limit: number): ProblemException {
  return ProblemException.of(413, 'body-too-large', `The body is larger than ${limit} bytes.`);
}

/** The body's bytes, refused as soon as it is known to pass `limit` (by its Content-Length, or as it arrives). */
function readBody(payload: NodeJS.ReadableStream, request: FastifyRequest, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) {
    lingerOnClose(request.raw);
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        cleanUp();
        lingerOnClose(request.raw);
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanUp();
      if (!Number.isNaN(declared) && received !== declared)
        reject(ProblemException.of(400, 'bad-request-body', 'The body is shorter than its Content-Length.'));
      else resolve(Buffer.concat(chunks, received));
    };
    const onError = () => {
      cleanUp();
      reject(ProblemException.of(400, 'bad-request-body', 'The request body could not be read.'));
    };
    const cleanUp = () => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  });
}

/** JSON objects and arrays only (a bare value is no request of this API), nested at most MAX_JSON_DEPTH deep. */
function parseJson(bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;
  const first = text.trimStart()[0];
  let value: unknown;
  try {
    if (first !== '{' && first !== '[') throw new SyntaxError('not an object or array');
    value = JSON.parse(text);
  } catch {
    throw ProblemException.of(400, 'malformed-json', 'The body is not well-formed JSON.');
  }
  if (jsonDepthExceeds(value, MAX_JSON_DEPTH))
    throw ProblemException.of(400, 'body-too-deep', `The body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  return value;
}

/** An HTML form as an object of strings; a field named twice keeps its values in order. */
function parseForm(bytes: Buffer): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  let count = 0;
  for (const [name, value] of new URLSearchParams(bytes.toString('utf8'))) {
    if (++count > FORM_PARAMETER_LIMIT)
      throw ProblemException.of(413, 'body-too-large', `The form has more than ${FORM_PARAMETER_LIMIT} fields.`);
    const before = fields[name];
    fields[name] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
  }
  return fields;
}
