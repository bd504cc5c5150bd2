import { describe, expect, it } from 'vitest';
import { newEventId } from './event-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('event ids', () => {
  it('are UUIDs version 7 carrying the time, unique, and sorted in the order they were made', () => {
    const ids = Array.from({ length: 10_000 }, () => newEventId());
    for (const id of ids.slice(0, 100)) expect(id).toMatch(UUID_V7);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    const at = Date.parse('2027-01-01T00:00:00.000Z');
    expect(parseInt(newEventId(at).replaceAll('-', '').slice(0, 12), 16)).toBe(at);
  });

  it('keeps the order past 4,096 ids in one millisecond, and when the clock steps back', () => {
    const at = Date.parse('2027-06-01T00:00:00.000Z');
    const ids = Array.from({ length: 5_000 }, () => newEventId(at));
    ids.push(newEventId(at - 1000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
