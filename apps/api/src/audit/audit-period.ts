import { ProblemException } from '../http/problem.js';

const DAY = 86_400_000;
/** The longest period an audit listing or export covers at once. */
export const MAX_AUDIT_PERIOD_DAYS = 400;

/**
 * The period of an audit request: `to` (exclusive) defaults to just past now,
 * so a record of this very millisecond is in; `from` to 30 days before `to`.
 * A backwards or too long period is a 400 that says which.
 */
export function auditPeriodOf(query: { from?: string; to?: string }, now: Date): { from: string; to: string } {
  const to = query.to ? new Date(query.to) : new Date(now.getTime() + 1);
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY);
  if (!(from < to))
    throw ProblemException.of(400, 'invalid-period', '`from` must be before `to`.', {
      errors: [{ field: 'from', messages: ['from must be before to'] }],
    });
  if (to.getTime() - from.getTime() > MAX_AUDIT_PERIOD_DAYS * DAY)
    throw ProblemException.of(400, 'period-too-long', `Ask for at most ${MAX_AUDIT_PERIOD_DAYS} days at a time.`);
  return { from: from.toISOString(), to: to.toISOString() };
}
