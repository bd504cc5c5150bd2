import { DomainError } from '../shared/domain-error.js';
import { addLocalDays, nextSendableAt, type SendingWindow } from './sending-window.js';

/** "2 and 5 days after the last send, at most 2 reminders." */
export const DEFAULT_REMINDER_DAYS: readonly number[] = [2, 5];
export const MAX_REMINDERS = 2;

export class InvalidReminderSchedule extends DomainError {
  readonly code = 'invalid-reminder-schedule';
  readonly kind = 'unprocessable';
  constructor(detail: string) {
    super(detail, { field: 'reminderDays' });
  }
}

/** At most two reminders, on whole days after the send, each later than the one before; [] sends none. */
export function requireReminderDays(days: readonly number[], expiryDays: number): number[] {
  if (days.length > MAX_REMINDERS) throw new InvalidReminderSchedule(`At most ${MAX_REMINDERS} reminders.`);
  days.forEach((day, i) => {
    if (!Number.isInteger(day) || day < 1)
      throw new InvalidReminderSchedule('Give each reminder as a whole number of days after the send (1 or more).');
    if (i > 0 && day <= days[i - 1])
      throw new InvalidReminderSchedule('Each reminder must come later than the one before.');
    if (day >= expiryDays)
      throw new InvalidReminderSchedule(
        `A reminder on day ${day} would come after the link expires (day ${expiryDays}).`,
      );
  });
  return [...days];
}

/** How a practice follows up on its invitations, as a send is decided on it. */
export interface ReminderPlan {
  reminderDays: readonly number[];
  sendingWindow: SendingWindow;
  timeZone: string;
  /** A bulk send waits for the window; a single invitation a staff member sends goes at once. */
  bulk: boolean;
}

/**
 * When a send's reminders are due: the same local time that many calendar
 * days after the send (in the practice's zone, so a daylight-saving change
 * keeps the hour), each moved to the next opening of the sending window, and
 * only those before the link expires.
 */
export function remindersDue(sentAt: string, expiresAt: string, plan: ReminderPlan): string[] {
  return plan.reminderDays
    .map((days) => nextSendableAt(addLocalDays(sentAt, days, plan.timeZone), plan.sendingWindow, plan.timeZone))
    .filter((due) => due < expiresAt);
}

/** When a send's messages may go: now, or for a bulk send outside the window, its next opening (null: at once). */
export function holdUntil(at: string, plan: ReminderPlan): string | null {
  if (!plan.bulk) return null;
  const opening = nextSendableAt(at, plan.sendingWindow, plan.timeZone);
  return opening === new Date(Date.parse(at)).toISOString() ? null : opening;
}
