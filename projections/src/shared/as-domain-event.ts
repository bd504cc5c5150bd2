import type { DomainEvent } from '@pi/domain';
import type { RecordedEvent } from '@pi/event-store';

/**
 * Narrows a recorded event to the domain union a projection declared it takes.
 * The cast is safe because the runner only hands a projection the event types
 * it listed, already upcast to their current schema version.
 */
export function asDomainEvent<E extends DomainEvent>(event: RecordedEvent): E {
  return event as unknown as E;
}
