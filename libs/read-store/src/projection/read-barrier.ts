import { AsyncLocalStorage } from 'node:async_hooks';
import type { Position } from '@pi/event-store';

/**
 * Read-your-writes for a whole unit of work (an HTTP request): every read model
 * read inside it waits, the first time, until that read model has reached the
 * position. What a route reads need not be declared for it to be consistent: an
 * access rule that joins one more read model waits for that one too.
 */
interface Barrier {
  readonly position: Position;
  readonly deadline: number;
  /** The read models already known to have reached the position. */
  readonly reached: Set<string>;
}

const barriers = new AsyncLocalStorage<Barrier>();

/** Runs `work` with every read model read inside it held until the read model has reached `position`. */
export function readingAfter<T>(position: Position, timeoutMs: number, work: () => T): T {
  return barriers.run({ position, deadline: Date.now() + timeoutMs, reached: new Set() }, work);
}

/** The barrier the current unit of work reads behind, if any. */
export function currentBarrier(): Barrier | undefined {
  return barriers.getStore();
}

/** A read model that did not reach the position of a barrier within its time. */
export class ReadModelBehind extends Error {
  override readonly name = 'ReadModelBehind';
  constructor(
    readonly readModel: string,
    readonly position: Position,
    readonly waitedMs: number,
  ) {
    super(`The read model ${readModel} has not reached position ${position} within ${waitedMs} ms; retry shortly.`);
  }
}
