import { DomainError } from '../shared/domain-error.js';

/**
 * When a practice's automated messages may reach patients, as local times of
 * day in the practice's time zone: reminders and bulk sends wait for it; a
 * single invitation a staff member sends goes at once.
 */
export interface SendingWindow {
  /** "HH:MM", local: the first minute messages may go. */
  from: string;
  /** "HH:MM", local: messages stop before this minute ("24:00": at midnight). */
  until: string;
}

/** 08:00–21:00 local: the TCPA's calling hours, which carriers and peers apply to texts as well. */
export const DEFAULT_SENDING_WINDOW: SendingWindow = { from: '08:00', until: '21:00' };

export class InvalidSendingWindow extends DomainError {
  readonly code = 'invalid-sending-window';
  readonly kind = 'unprocessable';
  constructor(detail: string) {
    super(detail, { field: 'sendingWindow' });
  }
}

/** Minutes after local midnight; "24:00" (as `until`) is the end of the day: a window 00:00–24:00 never closes. */
const minutesOf = (time: string, field: string): number => {
  if (time === '24:00' && field.endsWith('until')) return 24 * 60;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new InvalidSendingWindow(`Give ${field} as a local time "HH:MM" (24-hour), e.g. 08:00.`);
  return Number(match[1]) * 60 + Number(match[2]);
};

/** A window that opens before it closes, at least an hour long. */
export function requireSendingWindow(window: SendingWindow): SendingWindow {
  const from = minutesOf(window.from, 'sendingWindow.from');
  const until = minutesOf(window.until, 'sendingWindow.until');
  if (until - from < 60)
    throw new InvalidSendingWindow('The sending window must open before it closes and last at least an hour.');
  return { from: window.from, until: window.until };
}

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

const parts = (instant: number, timeZone: string) => {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant)))
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  return fields;
};

/** Milliseconds the zone's clock is ahead of UTC at this instant. */
const offsetAt = (instant: number, timeZone: string): number => {
  const p = parts(instant, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
};

/** The instant the zone's clocks read this local date and minute of day (a minute a DST change skips reads as after it). */
function instantOfLocal(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone);
}

/**
 * The first instant at or after `at` inside the practice's sending window, in
 * its time zone (daylight-saving changes included).
 */
export function nextSendableAt(at: string, window: SendingWindow, timeZone: string): string {
  const instant = Date.parse(at);
  const from = minutesOf(window.from, 'from');
  const until = minutesOf(window.until, 'until');
  const local = parts(instant, timeZone);
  const minute = local.hour * 60 + local.minute;
  if (minute >= from && minute < until) return new Date(instant).toISOString();
  // Before the window: today's opening; after it: tomorrow's (the calendar in UTC carries month ends over).
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + (minute >= until ? 1 : 0)));
  const opening = instantOfLocal(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), from, timeZone);
  return new Date(opening).toISOString();
}

/** The same local time of day `days` calendar days later in the zone (a daylight-saving change keeps the wall clock). */
export function addLocalDays(at: string, days: number, timeZone: string): string {
  const instant = Date.parse(at);
  const local = parts(instant, timeZone);
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  const wall = instantOfLocal(
    day.getUTCFullYear(),
    day.getUTCMonth() + 1,
    day.getUTCDate(),
    local.hour * 60 + local.minute,
    timeZone,
  );
  return new Date(wall + local.second * 1000 + (instant % 1000)).toISOString();
}

/** Whether `at` falls inside the window. */
export function insideSendingWindow(at: string, window: SendingWindow, timeZone: string): boolean {
  return nextSendableAt(at, window, timeZone) === new Date(Date.parse(at)).toISOString();
}
