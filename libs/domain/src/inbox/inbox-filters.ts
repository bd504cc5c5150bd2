import type { Decider, DomainEvent } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { LinkNotFound } from '../links/link.errors.js';
import { requireTag } from '../links/tag.js';

/** A staff member's own inbox filter: "conversations with a specific tag" (and/or through one link). */
export type InboxFilterSaved = DomainEvent<
  'InboxFilterSaved',
  {
    filterId: string;
    staffId: string;
    practiceId: string;
    name: string;
    tags: string[];
    linkId: string | null;
    savedAt: string;
  }
>;
export type InboxFilterDeleted = DomainEvent<
  'InboxFilterDeleted',
  { filterId: string; staffId: string; practiceId: string; deletedAt: string }
>;
export type InboxFilterEvent = InboxFilterSaved | InboxFilterDeleted;
export const INBOX_FILTER_EVENT_TYPES = [
  'InboxFilterSaved',
  'InboxFilterDeleted',
] as const satisfies readonly InboxFilterEvent['type'][];

export interface SaveInboxFilter {
  type: 'SaveInboxFilter';
  filterId: string;
  staffId: string;
  practiceId: string;
  name: string;
  tags: string[];
  linkId: string | null;
  /** The practice the named link belongs to, as the log says (null: no such link), gathered by the handler. */
  linkPracticeId: string | null;
  at: string;
}
export interface DeleteInboxFilter {
  type: 'DeleteInboxFilter';
  filterId: string;
  staffId: string;
  practiceId: string;
  at: string;
}
export type InboxFilterCommand = SaveInboxFilter | DeleteInboxFilter;

/** One staff member's filters, by id. */
export interface InboxFiltersState {
  filters: Record<string, { name: string; tags: string[]; linkId: string | null }>;
}

export const INBOX_FILTERS_MAX = 50;

export class InvalidInboxFilter extends DomainError {
  readonly code = 'invalid-inbox-filter';
  readonly kind = 'invalid';
  constructor(field: string, reason: string) {
    super(reason, { errors: [{ field, messages: [reason] }] });
  }
}

export class InboxFilterNotFound extends DomainError {
  readonly code = 'inbox-filter-not-found';
  readonly kind = 'not_found';
  constructor(filterId: string) {
    super(`No inbox filter ${filterId} of yours.`, { filterId });
  }
}

export const inboxFiltersDecider: Decider<InboxFilterCommand, InboxFilterEvent, InboxFiltersState> = {
  initialState: { filters: {} },
  evolve(state, event) {
    const filters = { ...state.filters };
    if (event.type === 'InboxFilterSaved') {
      const { name, tags, linkId } = event.data;
      filters[event.data.filterId] = { name, tags, linkId };
    } else delete filters[event.data.filterId];
    return { filters };
  },
  decide(command, state) {
    const { filterId, staffId, practiceId, at } = command;
    if (command.type === 'DeleteInboxFilter') {
      if (!state.filters[filterId]) throw new InboxFilterNotFound(filterId);
      return [{ type: 'InboxFilterDeleted', data: { filterId, staffId, practiceId, deletedAt: at } }];
    }
    const name = command.name.trim().replace(/\s+/g, ' ');
    if (name.length < 1 || name.length > 60) throw new InvalidInboxFilter('name', 'name must be 1 to 60 characters');
    const tags = [...new Set(command.tags.map(requireTag))];
    if (tags.length === 0 && !command.linkId)
      throw new InvalidInboxFilter('tags', 'a filter needs at least one tag or a link');
    // Another practice's link does not exist here (404, as its own route answers).
    if (command.linkId && command.linkPracticeId !== practiceId) throw new LinkNotFound(command.linkId);
    const existing = state.filters[filterId];
    if (
      existing &&
      existing.name === name &&
      existing.linkId === command.linkId &&
      existing.tags.join() === tags.join()
    )
      return [];
    if (!existing && Object.keys(state.filters).length >= INBOX_FILTERS_MAX)
      throw new InvalidInboxFilter('name', `at most ${INBOX_FILTERS_MAX} filters per person`);
    return [
      {
        type: 'InboxFilterSaved',
        data: { filterId, staffId, practiceId, name, tags, linkId: command.linkId, savedAt: at },
      },
    ];
  },
};
