/**
 * Days and ISO weeks of an instant in a practice's time zone. Formatting with
 * Intl is the slow part of a replay by week, so each formatter is kept and the
 * answer is remembered per minute (every zone's offset is a whole minute).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const days = new Map<string, string>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The local date (YYYY-MM-DD) of an ISO instant in the zone. */
export function dayIn(timeZone: string, iso: string): string {
  const minute = `${timeZone}|${iso.slice(0, 16)}`;
  let day = days.get(minute);
  if (day === undefined) {
    day = formatter(timeZone).format(new Date(iso));
    if (days.size > 100_000) days.clear();
    days.set(minute, day);
  }
  return day;
}

/** The ISO week (e.g. 2026-W48) of a local date, and the Monday it starts on. */
export function isoWeekOf(day: string): { key: string; monday: string } {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  const monday = new Date(date.getTime() - weekday * 86_400_000);
  const thursday = new Date(monday.getTime() + 3 * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return { key: `${year}-W${String(week).padStart(2, '0')}`, monday: monday.toISOString().slice(0, 10) };
}

/** The instant a local date (YYYY-MM-DD) begins in the zone. */
export function startOfDayIn(timeZone: string, day: string): string {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  const offsetAt = (instant: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(instant));
    const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return local - instant;
  };
  // Twice: the offset at the guess may differ from the offset at the answer across a DST change.
  let guess = midnightUtc - offsetAt(midnightUtc);
  guess = midnightUtc - offsetAt(guess);
  return new Date(guess).toISOString();
}
