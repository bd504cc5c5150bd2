import { categoryOf } from '@pi/domain';
import type { EventFilter } from './event-store.port.js';

interface Filterable {
  type: string;
  streamId: string;
  metadata?: unknown;
}

/** Whether an event passes a subscription's filter (exact event types, or exact stream categories; a practice). */
export function matcherOf(filter: EventFilter): (event: Filterable) => boolean {
  const kind = kindMatcher(filter);
  const practiceId = filter.practiceId;
  if (practiceId === undefined) return kind;
  return (event) => kind(event) && (event.metadata as { practiceId?: unknown } | undefined)?.practiceId === practiceId;
}

function kindMatcher(filter: EventFilter): (event: Filterable) => boolean {
  if ('eventTypes' in filter) {
    const types = new Set(filter.eventTypes);
    return (event) => types.has(event.type);
  }
  const categories = new Set(filter.streamCategories);
  return (event) => categories.has(categoryOf(event.streamId));
}
