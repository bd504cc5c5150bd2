import { describe, expect, it } from 'vitest';
import { DEFAULT_SENDING_WINDOW } from './sending-window.js';
import {
  DEFAULT_REMINDER_DAYS,
  holdUntil,
  InvalidReminderSchedule,
  remindersDue,
  requireReminderDays,
  type ReminderPlan,
} from './reminder-schedule.js';

const plan: ReminderPlan = {
  reminderDays: DEFAULT_REMINDER_DAYS,
  sendingWindow: DEFAULT_SENDING_WINDOW,
  timeZone: 'America/Chicago',
  bulk: false,
};

describe('the reminder schedule', () => {
  it('is due 2 and 5 days after the send, moved into the sending window', () => {
    // Sent 20:30 in Chicago (CST): 2 days later is 20:30, inside; 5 days later too.
    expect(remindersDue('2026-11-30T02:30:00.000Z', '2026-12-30T02:30:00.000Z', plan)).toEqual([
      '2026-12-02T02:30:00.000Z',
      '2026-12-05T02:30:00.000Z',
    ]);
    // Sent 21:30 in Chicago: the reminders wait for 08:00 the next local morning.
    expect(remindersDue('2026-11-30T03:30:00.000Z', '2026-12-30T03:30:00.000Z', plan)).toEqual([
      '2026-12-02T14:00:00.000Z',
      '2026-12-05T14:00:00.000Z',
    ]);
  });

  it('keeps the local hour across a daylight-saving change', () => {
    const ny = { ...plan, timeZone: 'America/New_York' };
    // Friday 2027-03-12 19:30 EST; clocks go forward on Sunday: the reminder is Sunday 19:30 EDT (23:30 UTC).
    expect(remindersDue('2027-03-13T00:30:00.000Z', '2027-04-12T00:30:00.000Z', { ...ny, reminderDays: [2] })).toEqual([
      '2027-03-14T23:30:00.000Z',
    ]);
    // Sent 20:30 EDT on Saturday 2026-10-31; clocks go back on Sunday: Monday 20:30 EST is 01:30 UTC.
    expect(remindersDue('2026-11-01T00:30:00.000Z', '2026-12-01T00:30:00.000Z', { ...ny, reminderDays: [2] })).toEqual([
      '2026-11-03T01:30:00.000Z',
    ]);
  });

  it('leaves out reminders that would come after the link expires', () => {
    expect(remindersDue('2026-11-30T16:00:00.000Z', '2026-12-04T16:00:00.000Z', plan)).toEqual([
      '2026-12-02T16:00:00.000Z',
    ]);
  });

  it('holds a bulk send outside the window until it opens; a single send goes at once', () => {
    const night = '2026-11-30T05:00:00.000Z'; // 23:00 in Chicago
    expect(holdUntil(night, { ...plan, bulk: true })).toBe('2026-11-30T14:00:00.000Z');
    expect(holdUntil(night, plan)).toBeNull();
    expect(holdUntil('2026-11-30T16:00:00.000Z', { ...plan, bulk: true })).toBeNull();
  });

  it('takes at most two reminders, on increasing days before the expiry', () => {
    expect(requireReminderDays([1, 3], 30)).toEqual([1, 3]);
    expect(requireReminderDays([], 30)).toEqual([]);
    expect(() => requireReminderDays([1, 2, 3], 30)).toThrow(InvalidReminderSchedule);
    expect(() => requireReminderDays([5, 2], 30)).toThrow(InvalidReminderSchedule);
    expect(() => requireReminderDays([0], 30)).toThrow(InvalidReminderSchedule);
    expect(() => requireReminderDays([2.5], 30)).toThrow(InvalidReminderSchedule);
    expect(() => requireReminderDays([2, 7], 7)).toThrow(/expires/);
  });
});
