import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SENDING_WINDOW,
  InvalidSendingWindow,
  insideSendingWindow,
  nextSendableAt,
  requireSendingWindow,
} from './sending-window.js';

const window = DEFAULT_SENDING_WINDOW; // 08:00–21:00 local

describe('the sending window, in the practice time zone', () => {
  it('lets a time inside the window go at once', () => {
    // 10:00 in New York (EST, UTC-5).
    expect(nextSendableAt('2026-11-30T15:00:00.000Z', window, 'America/New_York')).toBe('2026-11-30T15:00:00.000Z');
    expect(insideSendingWindow('2026-11-30T15:00:00.000Z', window, 'America/New_York')).toBe(true);
  });

  it('holds a time before the window until it opens that local morning', () => {
    // 06:30 in New York → 08:00 the same day.
    expect(nextSendableAt('2026-11-30T11:30:00.000Z', window, 'America/New_York')).toBe('2026-11-30T13:00:00.000Z');
  });

  it('holds a time after the window until the next local morning, across the UTC date line', () => {
    // 22:00 in New York on Nov 30 is 03:00 UTC on Dec 1; it opens 08:00 New York Dec 1.
    expect(nextSendableAt('2026-12-01T03:00:00.000Z', window, 'America/New_York')).toBe('2026-12-01T13:00:00.000Z');
    // 21:00 exactly is already closed.
    expect(nextSendableAt('2026-12-01T02:00:00.000Z', window, 'America/New_York')).toBe('2026-12-01T13:00:00.000Z');
    // The same instant is 14:00 in Auckland: inside its window.
    expect(nextSendableAt('2026-12-01T03:00:00.000Z', window, 'Pacific/Auckland')).toBe('2026-12-01T03:00:00.000Z');
  });

  it('opens at 08:00 local on the day daylight saving starts and ends', () => {
    // US DST starts 2027-03-14 (02:00 → 03:00): 08:00 EDT is 12:00 UTC; the night before it was 13:00 UTC.
    expect(nextSendableAt('2027-03-14T04:00:00.000Z', window, 'America/New_York')).toBe('2027-03-14T12:00:00.000Z');
    expect(nextSendableAt('2027-03-13T04:00:00.000Z', window, 'America/New_York')).toBe('2027-03-13T13:00:00.000Z');
    // DST ends 2026-11-01 (02:00 → 01:00): 08:00 EST is 13:00 UTC.
    expect(nextSendableAt('2026-11-01T05:30:00.000Z', window, 'America/New_York')).toBe('2026-11-01T13:00:00.000Z');
    // Europe changes on another day: 08:00 in Berlin on 2027-03-28 (CEST, UTC+2) is 06:00 UTC.
    expect(nextSendableAt('2027-03-28T01:00:00.000Z', window, 'Europe/Berlin')).toBe('2027-03-28T06:00:00.000Z');
  });

  it('carries month and year ends over', () => {
    expect(nextSendableAt('2026-12-31T23:30:00.000Z', window, 'UTC')).toBe('2027-01-01T08:00:00.000Z');
  });

  it('refuses a window that is not two local times an hour or more apart', () => {
    expect(() => requireSendingWindow({ from: '8:00', until: '21:00' })).toThrow(InvalidSendingWindow);
    expect(() => requireSendingWindow({ from: '21:00', until: '08:00' })).toThrow(InvalidSendingWindow);
    expect(() => requireSendingWindow({ from: '09:00', until: '09:30' })).toThrow(InvalidSendingWindow);
    expect(requireSendingWindow({ from: '09:00', until: '17:30' })).toEqual({ from: '09:00', until: '17:30' });
    expect(() => requireSendingWindow({ from: '24:00', until: '24:00' })).toThrow(InvalidSendingWindow);
  });

  it('never closes from 00:00 to 24:00', () => {
    const always = requireSendingWindow({ from: '00:00', until: '24:00' });
    for (const at of ['2026-12-01T04:59:00.000Z', '2026-12-01T05:00:00.000Z', '2026-12-01T23:59:59.000Z'])
      expect(nextSendableAt(at, always, 'America/New_York')).toBe(at);
  });
});
