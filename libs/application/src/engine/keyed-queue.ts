/**
 * Runs tasks with the same key one after another, tasks with different keys
 * side by side. Commands on one stream queue up in this process instead of
 * racing each other into revision conflicts; the expected revision still
 * guards against writers in other processes.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly queued = new Map<string, number>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    this.queued.set(key, (this.queued.get(key) ?? 0) + 1);
    const start = () => {
      const left = this.queued.get(key)! - 1;
      if (left === 0) this.queued.delete(key);
      else this.queued.set(key, left);
      return task();
    };
    const result = previous.then(start, start);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** How many tasks with this key wait for the running one. */
  waiting(key: string): number {
    return this.queued.get(key) ?? 0;
  }
}
