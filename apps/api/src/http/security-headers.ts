import type { NextFunction, Request, Response } from 'express';

/** Headers every response carries; pages add their own Content-Security-Policy. */
export function securityHeaders() {
  return (request: Request, response: Response, next: NextFunction) => {
    // API answers carry personal data: no browser or proxy keeps a copy (a route may set its own, e.g. a QR image).
    if (request.path.startsWith('/v1/') || request.path.startsWith('/dev/'))
      response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    next();
  };
}
