import { DomainError } from '@pi/domain';
import { startOfDayIn } from './calendar.js';

export class InvalidFunnelQuery extends DomainError {
  readonly code = 'invalid-funnel-query';
  readonly kind = 'invalid';
  constructor(field: string, message: string) {
    super(message, { field });
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A funnel's period and as-of instant, as typed (a date, or an instant with its
 * offset), resolved to instants: a date means its start in the practice's time
 * zone for `from`, its end (through that whole day) for `to` and `asOf`.
 */
export function funnelPeriod(
  input: { from?: string | null; to?: string | null; asOf?: string | null },
  timeZone: string,
): { from: string | null; to: string | null; asOf: string | null } {
  const from = instant('from', input.from, timeZone, 'start');
  const to = instant('to', input.to, timeZone, 'end');
  const asOf = instant('asOf', input.asOf, timeZone, 'end');
  if (from !== null && to !== null && from >= to) throw new InvalidFunnelQuery('to', '`to` must be after `from`.');
  return { from, to, asOf };
}

function instant(
  field: string,
  text: string | null | undefined,
  timeZone: string,
  side: 'start' | 'end',
): string | null {
  if (text === undefined || text === null || text === '') return null;
  if (DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))) {
    if (side === 'start') return startOfDayIn(timeZone, text);
    const next = new Date(Date.parse(`${text}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return startOfDayIn(timeZone, next);
  }
  const parsed = Date.parse(text);
  if (!INSTANT.test(text) || Number.isNaN(parsed))
    throw new InvalidFunnelQuery(
      field,
      `\`${field}\` must be a date (2026-11-30) or an instant with its offset (2026-11-30T17:00:00Z).`,
    );
  return new Date(parsed).toISOString();
}
