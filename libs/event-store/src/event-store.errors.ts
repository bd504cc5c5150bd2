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
    super(
      `Stream ${streamId}: expected revision ${String(expected)}, found ${actual === null ? 'no stream' : actual}.`,
    );
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

/**
 * A stored event whose data or metadata cannot be read (not JSON, or refused
 * by its upcaster). Names the event, never its content: the data is personal.
 */
export class UnreadableEvent extends Error {
  readonly code = 'unreadable-event';
  constructor(
    readonly event: { id: string; type: string; streamId: string; position: bigint; recordedAt: string },
    cause: unknown,
  ) {
    super(
      `Event ${event.id} (${event.type}) at position ${event.position} cannot be read: ${cause instanceof Error ? cause.name : 'error'}.`,
      { cause },
    );
    this.name = 'UnreadableEvent';
  }
}
