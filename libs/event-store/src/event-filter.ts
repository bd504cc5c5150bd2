import { categoryOf } from '@pi/domain';
import type { EventFilter } from './event-store.port.js';

/** Whether an event passes a subscription's filter (exact event types, or exact stream categories). */
export function matcherOf(filter: EventFilter): (event: { type: string; streamId: string }) => boolean {
  if ('eventTypes' in filter) {
    const types = new Set(filter.eventTypes);
    return (event) => types.has(event.type);
  }
  const categories = new Set(filter.streamCategories);
  return (event) => categories.has(categoryOf(event.streamId));
}
