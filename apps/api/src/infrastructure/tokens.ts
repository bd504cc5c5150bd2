/** Injection tokens for the ports the apps wire by configuration. */
export const CONFIG = Symbol('CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_MODELS = Symbol('READ_MODELS');
export const CLOCK = Symbol('CLOCK');
export const RUNTIME = Symbol('RUNTIME');

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
