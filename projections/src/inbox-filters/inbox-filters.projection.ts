import { INBOX_FILTER_EVENT_TYPES, type InboxFilterEvent } from '@pi/domain';
import type { Projection } from '@pi/read-store';

export interface InboxFilterDoc {
  id: string;
  staffId: string;
  practiceId: string;
  name: string;
  tags: string[];
  linkId: string | null;
  savedAt: string;
}

export const inboxFiltersProjection: Projection<InboxFilterDoc, InboxFilterEvent> = {
  name: 'inbox-filters',
  version: 1,
  indexes: [{ fields: ['staffId', 'name'] }],
  eventTypes: INBOX_FILTER_EVENT_TYPES,
  documentId: (event) => event.data.filterId,
  evolve(_doc, event) {
    if (event.type === 'InboxFilterDeleted') return null;
    const { filterId, staffId, practiceId, name, tags, linkId, savedAt } = event.data;
    return { id: filterId, staffId, practiceId, name, tags, linkId, savedAt };
  },
};
