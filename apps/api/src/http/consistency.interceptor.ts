import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { parsePosition, START, type EventStore, type Position } from '@pi/event-store';
import { readingAfter } from '@pi/read-store';
import type { FastifyRequest } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import { type Config, CONFIG, EVENT_STORE } from '@pi/application';
import { ProblemException } from './problem.js';

export const CONSISTENT_AFTER = 'x-consistent-after';

/**
 * Read-your-writes: a GET with `X-Consistent-After: <position>` (the position a
 * command answered) runs behind a read barrier: every read model it reads, the
 * route's own and those its access rules join, waits until it has reached that
 * position, up to the configured bound; then it answers 503 with Retry-After.
 */
@Injectable()
export class ConsistencyInterceptor implements NestInterceptor {
  constructor(
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
    return from(this.checkHanded(position)).pipe(
      // The handler is called inside the barrier: its reads, and theirs, inherit it.
      switchMap(() => readingAfter(position, this.config.consistencyWaitMs, () => next.handle())),
    );
  }

  /** A position the log has not reached was never handed out: say so at once instead of waiting. */
  private async checkHanded(position: Position): Promise<void> {
    const head = await this.events.head();
    if (position > (head?.position ?? START)) {
      throw ProblemException.of(
        400,
        'position-ahead-of-log',
        'X-Consistent-After is past the newest event of the log: send a position a command returned.',
      );
    }
  }
}
