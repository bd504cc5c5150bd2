/** Injection tokens for the ports the apps wire by configuration. */
export const CONFIG = Symbol('CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_MODELS = Symbol('READ_MODELS');
export const CLOCK = Symbol('CLOCK');
export const RUNTIME = Symbol('RUNTIME');
/** Keys the pseudonymous visitor hash of page views (derived from the JWT secret, never the secret itself). */
export const VISITOR_KEY_SECRET = Symbol('VISITOR_KEY_SECRET');

/** Where SMS and email go: the provider and SMTP when configured, else the embedded outbox. */
export const SENDERS = Symbol('SENDERS');
/** Keys the hashes of phone numbers (stream names) and of verification codes. */
export const PHONE_KEY_SECRET = Symbol('PHONE_KEY_SECRET');
/** Keys the hash of an idempotent request's body (the body holds names and phones: no bare hash of it is stored). */
export const REQUEST_HASH_SECRET = Symbol('REQUEST_HASH_SECRET');

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
