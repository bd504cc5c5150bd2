import type { NextFunction, Request, Response } from 'express';

/** Headers every response carries; pages add their own Content-Security-Policy. */
export function securityHeaders() {
  return (_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    next();
  };
}
