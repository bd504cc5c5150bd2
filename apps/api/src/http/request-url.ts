import type { FastifyRequest } from 'fastify';

/* What a request's URL says: its path, the route pattern it matched, its query fields. */

/** The request's path without its query string, which may carry personal data (a searched phone, a token). */
export function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}

/** The route pattern that matched (`/v1/invitations/:id`), never the raw URL; undefined for an unknown route. */
export function routeOf(request: FastifyRequest): string | undefined {
  return request.is404 ? undefined : request.routeOptions.url;
}

/** The query string's fields (a field named twice keeps its values in order). */
export function queryOf(request: FastifyRequest): Record<string, string | string[] | undefined> {
  return (request.query ?? {}) as Record<string, string | string[] | undefined>;
}
