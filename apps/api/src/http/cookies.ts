import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CookieOptions {
  httpOnly: boolean;
  sameSite: 'Strict' | 'Lax';
  secure: boolean;
  path: string;
  /** Omitted: a session cookie. 0 removes it. */
  maxAgeSeconds?: number;
}

/** Adds a Set-Cookie header (the value URI-encoded), keeping any set before it. */
export function setCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  const attributes = [`${name}=${encodeURIComponent(value)}`];
  if (options.maxAgeSeconds !== undefined) attributes.push(`Max-Age=${options.maxAgeSeconds}`);
  attributes.push(`Path=${options.path}`);
  if (options.maxAgeSeconds !== undefined)
    attributes.push(`Expires=${new Date(Date.now() + options.maxAgeSeconds * 1000).toUTCString()}`);
  if (options.httpOnly) attributes.push('HttpOnly');
  if (options.secure) attributes.push('Secure');
  attributes.push(`SameSite=${options.sameSite}`);
  const before = reply.getHeader('set-cookie');
  const cookies = before === undefined ? [] : Array.isArray(before) ? before : [String(before)];
  reply.header('set-cookie', [...cookies, attributes.join('; ')]);
}

/** The value of the named cookie the request carries, URI-decoded; null when absent or undecodable. */
export function cookieOf(request: FastifyRequest, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}
