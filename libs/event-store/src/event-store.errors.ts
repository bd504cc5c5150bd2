import type { ExpectedRevision } from './event-store.port.js';

/** Optimistic concurrency: the stream moved since the caller read it. */
export class WrongExpectedRevision extends Error {
  readonly code = 'wrong-expected-revision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or null when the stream does not exist. */
    readonly actual: number | null,
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, found ${actual === null ? 'no stream' : actual}.`);
    this.name = 'WrongExpectedRevision';
  }
}

/** The adapter could not reach its server in time (never left to hang). */
export class EventStoreUnavailable extends Error {
  readonly code = 'event-store-unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailable';
  }
}
