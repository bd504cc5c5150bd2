import {
  accessChangeOf,
  LINK_EVENT_TYPES,
  STAFF_EVENT_TYPES,
  TEAM_EVENT_TYPES,
  type AccessChange,
  type AccessEvent,
} from '@pi/domain';
import type { Projection, Recorded } from '@pi/read-store';

/**
 * The access history of one link, team or staff member: every change to who
 * may read the practice's conversations, in order, kept for ever (they are
 * few). Folded together by the domain's `AccessState`, they answer who reads
 * a conversation now, and who could on any past date.
 */
export interface AccessHistoryDoc {
  id: string;
  practiceId: string;
  changes: AccessChange[];
}

function subjectOf(event: Recorded<AccessEvent>): string {
  const data = event.data as { linkId?: string; teamId?: string; staffId?: string };
  if (data.linkId !== undefined) return `link:${data.linkId}`;
  if (data.teamId !== undefined) return `team:${data.teamId}`;
  return `staff:${String(data.staffId)}`;
}

export const accessHistoryProjection: Projection<AccessHistoryDoc, AccessEvent> = {
  name: 'access-history',
  version: 1,
  indexes: [{ fields: ['practiceId'] }],
  eventTypes: [...LINK_EVENT_TYPES, ...TEAM_EVENT_TYPES, ...STAFF_EVENT_TYPES],
  documentId: (event) => subjectOf(event),
  evolve(doc, event) {
    const practiceId =
      event.type === 'LinkCreated' || event.type === 'TeamCreated' || event.type === 'StaffMemberAdded'
        ? event.data.practiceId
        : doc?.practiceId;
    if (!practiceId) return doc;
    const change = accessChangeOf(event);
    const current = doc ?? { id: subjectOf(event), practiceId, changes: [] };
    return change ? { ...current, changes: [...current.changes, change] } : current;
  },
};
