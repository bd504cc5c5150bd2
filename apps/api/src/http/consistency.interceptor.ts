import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { parsePosition, START, type EventStore, type Position } from '@pi/event-store';
import type { ProjectionEngine } from '@pi/read-store';
import type { FastifyRequest } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import { type Config, CONFIG, EVENT_STORE, READ_MODELS } from '@pi/application';
import { ProblemException } from './problem.js';
import { READS_FROM } from './reads-from.decorator.js';

export const CONSISTENT_AFTER = 'x-consistent-after';

/**
 * Read-your-writes: a GET with `X-Consistent-After: <position>` (the position a
 * command answered) waits until its read models have reached it, up to the
 * configured bound, then answers 503 with Retry-After.
 */
@Injectable()
export class ConsistencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers[CONSISTENT_AFTER];
    if (request.method !== 'GET' || header === undefined) return next.handle();
    const text = Array.isArray(header) ? header[0] : header;
    const position = parsePosition(text.trim());
    if (position === null) {
      throw ProblemException.of(
        400,
        'invalid-consistency-position',
        'X-Consistent-After must be a position returned by a command (a string of digits).',
      );
    }
    const names = this.reflector.get<string[] | undefined>(READS_FROM, context.getHandler()) ?? this.readModels.names;
    return from(this.waitFor(names, position)).pipe(
      switchMap((reached) => {
        if (!reached) {
          throw ProblemException.of(
            503,
            'read-model-behind',
            `The read model has not reached position ${text} within ${this.config.consistencyWaitMs} ms; retry shortly.`,
            {},
            { 'Retry-After': '1' },
          );
        }
        return next.handle();
      }),
    );
  }

  /** A position the log has not reached was never handed out: say so at once instead of waiting. */
  private async waitFor(names: readonly string[], position: Position): Promise<boolean> {
    const head = await this.events.head();
    if (position > (head?.position ?? START)) {
      throw ProblemException.of(
        400,
        'position-ahead-of-log',
        'X-Consistent-After is past the newest event of the log: send a position a command returned.',
      );
    }
    return this.readModels.waitFor(names, position, this.config.consistencyWaitMs);
  }
}
