import { DEFAULT_TIME_ZONE } from '@pi/domain';
import { getPracticeProfile, startOfDayIn } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import { ProblemException } from '../http/problem.js';

const DAY = 86_400_000;
/** The longest period an audit listing or export covers at once. */
export const MAX_AUDIT_PERIOD_DAYS = 400;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The practice's time zone, which date-only periods are read in (as the funnel reads them). */
export async function practiceTimeZone(readModels: ProjectionEngine, practiceId: string): Promise<string> {
  return (await getPracticeProfile(readModels, practiceId))?.timeZone ?? DEFAULT_TIME_ZONE;
}

/** A date is a whole day on the practice's clock (`to`: through its end); an instant is itself. */
function bound(text: string, side: 'from' | 'to', timeZone: string): Date {
  if (!DATE.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) return new Date(text);
  const day = side === 'from' ? text : new Date(Date.parse(`${text}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
  return new Date(startOfDayIn(timeZone, day));
}

/**
 * The period of an audit request: `to` (exclusive) defaults to just past now,
 * so a record of this very millisecond is in; `from` to 30 days before `to`.
 * Dates are the practice's days (`from=2026-11-01&to=2026-11-30` is all of
 * November on its clock), as in the funnel. A backwards or too long period is a
 * 400 that says which.
 */
export function auditPeriodOf(
  query: { from?: string; to?: string },
  now: Date,
  timeZone: string,
): { from: string; to: string } {
  const to = query.to ? bound(query.to, 'to', timeZone) : new Date(now.getTime() + 1);
  const from = query.from ? bound(query.from, 'from', timeZone) : new Date(to.getTime() - 30 * DAY);
  if (!(from < to))
    throw ProblemException.of(400, 'invalid-period', '`from` must be before `to`.', {
      errors: [{ field: 'from', messages: ['from must be before to'] }],
    });
  if (to.getTime() - from.getTime() > MAX_AUDIT_PERIOD_DAYS * DAY)
    throw ProblemException.of(400, 'period-too-long', `Ask for at most ${MAX_AUDIT_PERIOD_DAYS} days at a time.`);
  return { from: from.toISOString(), to: to.toISOString() };
}
