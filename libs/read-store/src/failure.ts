import { UnreadableEvent } from '@pi/event-store';
import { ProjectionEventFailed } from './projection/apply-batch.js';
import type { ProjectionFailure } from './projection/projection-status.js';

/** The error's class and, for storage errors, its code (SQLITE_FULL, ECONNRESET): never its message. */
function kindOf(error: unknown): string {
  const cause = error instanceof ProjectionEventFailed || error instanceof UnreadableEvent ? error.cause : error;
  const name = cause instanceof Error ? cause.name || cause.constructor.name : typeof cause;
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? `${name} ${code}` : name;
}

/**
 * What a status shows about a failure: the event (id, type, position) and the
 * error's class. Never a message: parsers and projections quote the data they
 * choked on, and the data is personal.
 */
export function describeFailure(error: unknown, attempts: number): ProjectionFailure {
  const event = error instanceof ProjectionEventFailed || error instanceof UnreadableEvent ? error.event : null;
  const kind = kindOf(error);
  const message = !event
    ? `Storage or connection error (${kind}); retrying until it passes.`
    : error instanceof UnreadableEvent
      ? `Event ${event.id} (${event.type}) at position ${event.position} cannot be read (${kind}).`
      : `The projection failed on event ${event.id} (${event.type}) at position ${event.position} (${kind}).`;
  return {
    message,
    errorClass: kind,
    eventId: event?.id ?? null,
    eventType: event?.type ?? null,
    position: event ? event.position.toString() : null,
    attempts,
    at: new Date().toISOString(),
  };
}
