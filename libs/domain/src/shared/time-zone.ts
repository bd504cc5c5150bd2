import { DomainError } from './domain-error.js';

/** Where a practice's days and weeks begin until it names its own zone. */
export const DEFAULT_TIME_ZONE = 'UTC';

export class InvalidTimeZone extends DomainError {
  readonly code = 'invalid-time-zone';
  readonly kind = 'unprocessable';
  constructor(field: string) {
    super('Give the time zone as an IANA name, e.g. America/New_York.', { field });
  }
}

/** The zone's canonical IANA name (as the runtime spells it), or InvalidTimeZone. */
export function requireTimeZone(name: string, field = 'timeZone'): string {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) throw new InvalidTimeZone(field);
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw new InvalidTimeZone(field);
  }
}
