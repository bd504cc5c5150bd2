import { describe, expect, it } from 'vitest';
import { mapConcurrently } from './map-concurrently.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('map concurrently', () => {
  it('keeps the order of the items and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapConcurrently([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('fails only once the work already started has settled, and starts nothing after a failure', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const run = mapConcurrently([1, 2, 3, 4], 2, async (n) => {
      started.push(n);
      if (n === 1) await slow;
      if (n === 2) throw new Error('item 2 failed');
      finished.push(n);
      return n;
    });
    let settled = false;
    void run.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let i = 0; i < 5; i++) await tick();
    // Item 1 is still running: a caller told "failed" now would race with its writes.
    expect(settled).toBe(false);
    release();
    await expect(run).rejects.toThrow('item 2 failed');
    expect(finished).toEqual([1]);
    expect(started).toEqual([1, 2]);
  });
});
