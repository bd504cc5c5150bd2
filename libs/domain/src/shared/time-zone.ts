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

/**
 * Names already resolved, by their lower case (zone names match whatever their case): only valid ones,
 * so it holds at most the few hundred zones there are, whatever callers send.
 */
const canonical = new Map<string, string>();

/** The zone's canonical IANA name (as the runtime spells it), or InvalidTimeZone. */
export function requireTimeZone(name: string, field = 'timeZone'): string {
  const known = canonical.get(name.toLowerCase());
  if (known) return known;
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) throw new InvalidTimeZone(field);
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    canonical.set(name.toLowerCase(), resolved);
    return resolved;
  } catch {
    throw new InvalidTimeZone(field);
  }
}
