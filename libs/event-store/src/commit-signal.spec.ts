import { describe, expect, it } from 'vitest';
import { CommitSignal } from './commit-signal.js';

describe('commit signal', () => {
  it('wakes every waiter once for a burst of commits, on the next turn of the event loop', async () => {
    const signal = new CommitSignal();
    const first = signal.prepare(1000);
    const second = signal.prepare(1000);
    const woken = Promise.all([first.wait(), second.wait()]);
    for (let i = 0; i < 50; i++) signal.notify();
    expect(await woken).toEqual(['commit', 'commit']);
    // A waiter registered after the burst is not woken by it.
    expect(await signal.prepare(30).wait()).toBe('timeout');
  });

  it('never loses a wake-up between registering and waiting', async () => {
    const signal = new CommitSignal();
    const waiter = signal.prepare(1000);
    signal.notify();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await waiter.wait()).toBe('commit');
  });
});
