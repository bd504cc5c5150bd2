import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { RouteMethods } from './allowed-methods.js';
import { pathOf } from './request-url.js';

/**
 * A 201 says where the new thing is: `Location: <collection path>/<id>` when
 * the answer names the new `id` and that path is one a GET answers (an action's
 * 201, such as a recorded decision, has no such place, and gets none).
 */
@Injectable()
export class LocationInterceptor implements NestInterceptor {
  constructor(@Inject(RouteMethods) private readonly routes: RouteMethods) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method !== 'POST') return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const id = (body as { id?: unknown } | null)?.id;
        if (reply.statusCode === 201 && typeof id === 'string' && id.length > 0) {
          const location = `${pathOf(request).replace(/\/+$/, '')}/${encodeURIComponent(id)}`;
          if (this.routes.forPath(location).includes('GET')) void reply.header('Location', location);
        }
        return body;
      }),
    );
  }
}
