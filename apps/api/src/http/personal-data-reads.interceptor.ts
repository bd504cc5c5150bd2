import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { PersonalDataKind } from '@pi/domain';
import { mergeMap, type Observable } from 'rxjs';
import {
  PersonalDataReads,
  RECORDS_PERSONAL_DATA_READ,
  requestIdOf,
  subjectsOf,
} from '../audit/personal-data-reads.js';
import type { AuthenticatedRequest } from '../auth/decorators.js';
import { pathOf, routeOf } from './request-url.js';

/**
 * HIPAA 164.312(b): a route marked with RecordsPersonalDataRead answers only
 * once its read is recorded (who, which records, from which address). A
 * recording that fails fails the request: an unrecorded read never leaves.
 */
@Injectable()
export class PersonalDataReadsInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PersonalDataReads) private readonly reads: PersonalDataReads,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const kind = this.reflector.get<PersonalDataKind | undefined>(RECORDS_PERSONAL_DATA_READ, context.getHandler());
    if (!kind) return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        if (!request.auth) return body;
        const route = `${request.method} ${routeOf(request) ?? pathOf(request)}`;
        await this.reads.record(
          {
            kind,
            route,
            address: request.ip ?? null,
            caller: request.auth,
            requestId: requestIdOf(request),
          },
          subjectsOf(
            kind,
            Object.fromEntries(
              Object.entries((request.params ?? {}) as Record<string, unknown>).flatMap(([key, value]) =>
                typeof value === 'string' ? [[key, value]] : [],
              ),
            ),
            body,
          ),
        );
        return body;
      }),
    );
  }
}
