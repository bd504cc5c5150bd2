import type { EventFilter, RecordedEvent } from './event-store.port.js';

/** The category of a stream: what comes before its first `-`. */
export function categoryOfStream(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}

/** Whether an event passes a subscription's filter (exact event types, or exact stream categories). */
export function matcherOf(filter: EventFilter): (event: RecordedEvent) => boolean {
  if ('eventTypes' in filter) {
    const types = new Set(filter.eventTypes);
    return (event) => types.has(event.type);
  }
  const categories = new Set(filter.streamCategories);
  return (event) => categories.has(categoryOfStream(event.streamId));
}
