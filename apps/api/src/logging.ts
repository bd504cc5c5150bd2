import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '@pi/application';
import { pathOf } from './http/request-url.js';

/**
 * Structured logs that never carry personal data: request lines are logged by
 * path only (query strings may hold a searched name or phone, or an invitation
 * token), no bodies, no headers, and known personal fields are redacted anywhere.
 */
export const REDACTED_FIELDS = [
  'name',
  'phone',
  'email',
  'code',
  'token',
  'message',
  /** A secure message's text. */
  'text',
  'to',
  'authorization',
  'password',
];

export function createLogger(level: Config['logLevel'], destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: { paths: [...REDACTED_FIELDS, ...REDACTED_FIELDS.map((f) => `*.${f}`)], censor: '[redacted]' },
      serializers: { err: redactedError },
    },
    destination ?? pino.destination({ sync: false }),
  );
}

/**
 * An error as a log may show it: its type and where it was thrown. The message
 * may quote what a user typed (a name, a phone), and a stack's first line
 * repeats the message, so both are left out; the frames below it are code.
 */
export function redactedError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    // Not `code`: that name is redacted everywhere (a patient's sign-in code).
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    message: '[redacted]',
    stack: frames.join('\n'),
  };
}

/** Each request's id: its X-Request-Id when well-formed, otherwise a fresh one. */
export function requestIdFor(request: { headers: Record<string, string | string[] | undefined> }): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(header) ? header : randomUUID();
}

/** An onResponse hook writing one line per request: id, method, path, status, milliseconds. Nothing else. */
export function requestLogging(logger: Logger) {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const path = pathOf(request);
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    if (path !== '/health' && path !== '/metrics' && logger.isLevelEnabled(level)) {
      logger[level](
        {
          req: { id: request.id, method: request.method, path },
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    }
    done();
  };
}

/** Nest's contexts that announce each module, controller and route as the app starts. */
const STARTUP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

/**
 * Nest's own messages (start-up, routes, errors from filters) through the same
 * pino logger. No request-scoped context: AsyncLocalStorage would tax every
 * promise of every request.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace',
    message: unknown,
    params: unknown[],
  ): void {
    // Nest's Logger calls (message, ...params, context): a Logger made with a context appends it last.
    // Details come first as an object, their text as the first string after them.
    const context = params.length > 0 && typeof params.at(-1) === 'string' ? (params.at(-1) as string) : undefined;
    const rest = context === undefined ? params : params.slice(0, -1);
    if (message !== null && typeof message === 'object') {
      const text = typeof rest[0] === 'string' ? rest[0] : (context ?? '');
      this.logger[level]({ context, ...message }, text);
    } else {
      // error(text, stack, context): the stack is left out, its first line repeats a message.
      this.logger[level]({ context }, String(message));
    }
  }

  log(message: unknown, ...params: unknown[]) {
    // Nest's start-up chatter (a line per module and per route) would bury the start banner at info.
    const context = params.at(-1);
    this.write(typeof context === 'string' && STARTUP_CONTEXTS.has(context) ? 'debug' : 'info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }
}
