import type { FastifyReply, FastifyRequest } from 'fastify';
import { pathOf } from './request-url.js';

/**
 * The API documentation UI: its own scripts and styles only (Swagger UI styles elements inline), talking to
 * this origin only (the OpenAPI document), never framed.
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Sets the headers every response carries; pages add their own Content-Security-Policy. */
export function setSecurityHeaders(path: string, reply: FastifyReply): void {
  // Answers carry personal data (API answers, patients' pages): no browser or proxy keeps a copy unless a
  // route says otherwise for itself (the public style sheet, a QR image).
  reply.header('Cache-Control', 'no-store');
  if (path === '/docs' || path.startsWith('/docs/')) reply.header('Content-Security-Policy', DOCS_CSP);
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Referrer-Policy', 'no-referrer');
  reply.header('X-Frame-Options', 'DENY');
  reply.header('Cross-Origin-Opener-Policy', 'same-origin');
}

/** An onRequest hook: the security headers on every answer, errors and 404s too. */
export function securityHeaders() {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    setSecurityHeaders(pathOf(request), reply);
    done();
  };
}
