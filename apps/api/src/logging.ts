import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Config } from './config/config.js';

/**
 * Structured logs that never carry personal data: request lines are logged by
 * path only (query strings may hold a searched name or phone, or an invitation
 * token), no bodies, no headers, and known personal fields are redacted anywhere.
 */
export const REDACTED_FIELDS = ['name', 'phone', 'email', 'code', 'token', 'message', 'to', 'authorization', 'password'];

export function loggerOptions(level: Config['logLevel']): Params {
  return {
    pinoHttp: {
      level,
      genReqId: (request: IncomingMessage) => {
        const header = request.headers['x-request-id'];
        return typeof header === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(header) ? header : randomUUID();
      },
      serializers: {
        req: (request: IncomingMessage & { id?: unknown }) => ({ id: request.id, method: request.method, path: (request.url ?? '').split('?')[0] }),
        res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
      },
      redact: { paths: [...REDACTED_FIELDS, ...REDACTED_FIELDS.map((f) => `*.${f}`)], censor: '[redacted]' },
      customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'info' : 'info'),
      autoLogging: { ignore: (request) => request.url === '/health' || request.url === '/metrics' },
    },
  };
}
