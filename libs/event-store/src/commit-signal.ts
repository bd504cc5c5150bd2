/**
 * Wakes live subscribers of this process right after a commit. Subscribers in
 * other processes (a separate projector on the same SQLite file) fall back to
 * polling, so a missed signal costs at most one poll interval, never an event.
 */
export class CommitSignal {
  private waiters = new Set<() => void>();
  private scheduled = false;

  /**
   * Wakes subscribers on the next turn of the event loop, once for all the
   * commits made until then: a burst of small commits becomes one batch for
   * each subscriber instead of one wake-up (and one read-model transaction) each.
   */
  notify(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const waiters = this.waiters;
      this.waiters = new Set();
      for (const wake of waiters) wake();
    });
  }

  /**
   * Registers interest *before* the caller checks for new events, so a commit
   * between the check and the wait still wakes it (no lost wake-up).
   */
  prepare(timeoutMs: number, signal?: AbortSignal): { wait: () => Promise<'commit' | 'timeout'> } {
    let wake!: (reason: 'commit' | 'timeout') => void;
    const woken = new Promise<'commit' | 'timeout'>((resolve) => (wake = resolve));
    const onCommit = () => wake('commit');
    this.waiters.add(onCommit);
    return {
      wait: async () => {
        const timer = setTimeout(() => wake('timeout'), timeoutMs);
        const onAbort = () => wake('timeout');
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          return await woken;
        } finally {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.waiters.delete(onCommit);
        }
      },
    };
  }
}
