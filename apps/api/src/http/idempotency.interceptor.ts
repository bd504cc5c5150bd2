import { createHash, createHmac } from 'node:crypto';
import {
  Inject,
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { ProjectionEngine } from '@pi/read-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/decorators.js';
import { KeyedQueue, READ_MODELS, REQUEST_HASH_SECRET } from '@pi/application';
import { ProblemException } from './problem.js';
import { pathOf, routeOf } from './request-url.js';

const IDEMPOTENT = 'pi:idempotent';
export const IDEMPOTENCY_COLLECTION = 'idempotency-keys';
const KEY = /^[A-Za-z0-9._:-]{8,128}$/;
const KEEP_MS = 24 * 3600_000;

/**
 * A retried request with the same Idempotency-Key gets the first answer;
 * nothing is done twice. The key travels with the command (CommandContext):
 * it is recorded with every event the request appends and seeds every id it
 * creates, so even when the process died before the answer below was stored,
 * the retry names the same things and only finishes what was left undone.
 */
export const Idempotent = () => SetMetadata(IDEMPOTENT, true);

/** Read by the command context of the request. */
export type IdempotentRequest = FastifyRequest & { idempotencyKey?: string };

interface Stored {
  id: string;
  requestHash: string;
  status: number;
  body: unknown;
  createdAt: string;
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly reflector: Reflector,
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(REQUEST_HASH_SECRET) private readonly requestHashKey: Buffer,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['idempotency-key'];
    if (!this.reflector.get<boolean>(IDEMPOTENT, context.getHandler()) || header === undefined) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY.test(key))
      throw ProblemException.of(
        400,
        'invalid-idempotency-key',
        'Idempotency-Key must be 8 to 128 letters, digits, ".", "_", ":" or "-" (a UUID is a good choice).',
      );
    const response = context.switchToHttp().getResponse<FastifyReply>();
    const id = createHash('sha256')
      .update(`${request.auth!.practiceId}|${request.method} ${routeOf(request) ?? pathOf(request)}|${key}`)
      .digest('base64url');
    // Keyed: the body holds names and phones, and a bare hash of it could be matched by trying values.
    const requestHash = createHmac('sha256', this.requestHashKey)
      .update(JSON.stringify(request.body ?? null))
      .digest('base64url');
    // Concurrent retries of one key wait for the first to finish, then get its answer.
    return from(
      this.queue.run(id, async () => {
        const stored = await this.readModels.store.get<Stored>(IDEMPOTENCY_COLLECTION, id);
        if (stored && Date.now() - Date.parse(stored.createdAt) < KEEP_MS) {
          if (stored.requestHash !== requestHash) {
            throw ProblemException.of(
              422,
              'idempotency-key-reused',
              'This Idempotency-Key was used for a different request; use a new key for a new request.',
            );
          }
          response.status(stored.status).header('Idempotent-Replayed', 'true');
          return stored.body;
        }
        (request as IdempotentRequest).idempotencyKey = id;
        const body: unknown = await lastValueFrom(next.handle());
        // Nest applies the route's status after interceptors: read it where Nest does.
        const status =
          this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
          (request.method === 'POST' ? 201 : 200);
        await this.readModels.store.commit([
          {
            collection: IDEMPOTENCY_COLLECTION,
            id,
            doc: { id, requestHash, status, body, createdAt: new Date().toISOString() } satisfies Stored,
          },
        ]);
        return body;
      }),
    );
  }
}
