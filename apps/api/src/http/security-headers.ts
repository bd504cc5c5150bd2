import type { FastifyReply, FastifyRequest } from 'fastify';
import { pathOf } from './request-url.js';

/** Sets the headers every response carries; pages add their own Content-Security-Policy. */
export function setSecurityHeaders(path: string, reply: FastifyReply): void {
  // API answers carry personal data: no browser or proxy keeps a copy (a route may set its own, e.g. a QR image).
  if (path.startsWith('/v1/') || path.startsWith('/dev/')) reply.header('Cache-Control', 'no-store');
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
