import type { LinkOwner } from '../links/link.events.js';
import { sameTag } from '../links/tag.js';
import type { ConversationEvent } from './conversation.events.js';

export type ConversationState =
  | { status: 'none' }
  | {
      status: 'open' | 'archived';
      practiceId: string;
      patientId: string;
      linkId: string;
      via: 'invitation' | 'link';
      startedAt: string;
      tags: string[];
      assignee: LinkOwner | null;
      /** Staff already in it (wrote, or were assigned it): they keep it whatever happens to the link. */
      participants: string[];
      /** Staff who have read everything so far. */
      readBy: string[];
      /** The latest message ids, so a retried post records nothing twice. */
      recentMessageIds: string[];
    };

const RECENT_MESSAGES = 100;

const union = (list: readonly string[], more: readonly string[]) => [...new Set([...list, ...more])];

export function evolveConversation(state: ConversationState, event: ConversationEvent): ConversationState {
  if (event.type === 'ConversationStarted') {
    const { practiceId, patientId, linkId, via, tags, startedAt } = event.data;
    return {
      status: 'open',
      practiceId,
      patientId,
      linkId,
      via,
      startedAt,
      tags: [...tags],
      assignee: null,
      participants: [],
      readBy: [],
      recentMessageIds: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ConversationAssigned':
      return { ...state, assignee: event.data.assignee };
    case 'ConversationUnassigned':
      return { ...state, assignee: null };
    case 'ConversationJoined':
      return { ...state, participants: union(state.participants, event.data.staffIds) };
    case 'ConversationArchived':
      return { ...state, status: 'archived' };
    case 'ConversationReopened':
      return { ...state, status: 'open' };
    case 'ConversationTagged':
      return { ...state, tags: [...state.tags, event.data.tag] };
    case 'ConversationUntagged':
      return { ...state, tags: state.tags.filter((tag) => !sameTag(tag, event.data.tag)) };
    case 'ConversationRead':
      return { ...state, readBy: union(state.readBy, [event.data.staffId]) };
    case 'MessagePosted': {
      const { author, messageId } = event.data;
      const staff = author.type === 'staff' ? [author.id] : [];
      return {
        ...state,
        participants: union(state.participants, staff),
        readBy: staff,
        recentMessageIds: [...state.recentMessageIds, messageId].slice(-RECENT_MESSAGES),
      };
    }
  }
}
