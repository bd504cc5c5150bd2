import {
  CONVERSATION_EVENT_TYPES,
  conversationEventAt,
  sameTag,
  type ConversationEvent,
  type LinkOwner,
  subjects,
} from '@pi/domain';
import type { Projection } from '@pi/read-store';

export const PREVIEW_LENGTH = 120;

export interface ConversationDoc {
  id: string;
  practiceId: string;
  patientId: string;
  contactId: string;
  linkId: string;
  via: 'invitation' | 'link';
  tags: string[];
  assignee: LinkOwner | null;
  /** `staff:<id>` or `team:<id>`: the inbox view it lands in (null: main). */
  assigneeKey: string | null;
  status: 'open' | 'archived';
  /** Staff already in it (wrote, or were assigned it): they read it whatever happens to the link. */
  participants: string[];
  /** Staff who have read every message so far. */
  readBy: string[];
  lastMessage: { at: string; preview: string; from: 'patient' | 'staff' } | null;
  startedAt: string;
  /** The inbox order: the last message, or the start. */
  activityAt: string;
  /** Any change: the `since` feed's order. */
  updatedAt: string;
}

const union = (list: readonly string[], more: readonly string[]) => [...new Set([...list, ...more])];

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
}

function evolveOpen(doc: ConversationDoc, event: ConversationEvent): ConversationDoc {
  switch (event.type) {
    case 'ConversationStarted':
      return doc;
    case 'ConversationAssigned': {
      const { assignee } = event.data;
      return { ...doc, assignee, assigneeKey: `${assignee.type}:${assignee.id}` };
    }
    case 'ConversationUnassigned':
      return { ...doc, assignee: null, assigneeKey: null };
    case 'ConversationJoined':
      return { ...doc, participants: union(doc.participants, event.data.staffIds) };
    case 'ConversationArchived':
      return { ...doc, status: 'archived' };
    case 'ConversationReopened':
      return { ...doc, status: 'open' };
    case 'ConversationTagged':
      return { ...doc, tags: [...doc.tags, event.data.tag] };
    case 'ConversationUntagged':
      return { ...doc, tags: doc.tags.filter((tag) => !sameTag(tag, event.data.tag)) };
    case 'ConversationRead':
      return { ...doc, readBy: union(doc.readBy, [event.data.staffId]) };
    case 'MessagePosted': {
      const { author, text, postedAt } = event.data;
      const staff = author.type === 'staff' ? [author.id] : [];
      return {
        ...doc,
        participants: union(doc.participants, staff),
        readBy: staff,
        lastMessage: { at: postedAt, preview: preview(text), from: author.type },
        activityAt: postedAt,
      };
    }
  }
}

export const conversationsProjection: Projection<ConversationDoc, ConversationEvent> = {
  name: 'conversations',
  version: 3,
  sealed: { groups: [{ subject: (doc) => subjects.conversation(doc.id), paths: ['lastMessage.preview'] }] },
  indexes: [
    // The inbox views: main (assigneeKey null), mine and team:<id> in activity order; all; a link's conversations.
    { fields: ['practiceId', 'status', 'assigneeKey', 'activityAt'] },
    { fields: ['practiceId', 'status', 'activityAt'] },
    // The counts: covering indexes, so counting a view's readable conversations reads no document.
    { fields: ['practiceId', 'status', 'assigneeKey', 'linkId', 'via', 'lastMessage.at', 'startedAt'] },
    { fields: ['practiceId', 'status', 'linkId', 'via', 'lastMessage.at', 'startedAt'] },
    { fields: ['practiceId', 'updatedAt'] },
    { fields: ['patientId'] },
    { fields: ['contactId'] },
    { fields: ['tags'], multikey: true },
    { fields: ['participants'], multikey: true },
    { fields: ['readBy'], multikey: true },
  ],
  eventTypes: CONVERSATION_EVENT_TYPES,
  documentId: (event) => event.data.conversationId,
  evolve(doc, event) {
    if (event.type === 'ConversationStarted') {
      const { conversationId, practiceId, patientId, contactId, linkId, via, tags, startedAt } = event.data;
      return {
        id: conversationId,
        practiceId,
        patientId,
        contactId,
        linkId,
        via,
        tags,
        assignee: null,
        assigneeKey: null,
        status: 'open',
        participants: [],
        readBy: [],
        lastMessage: null,
        startedAt,
        activityAt: startedAt,
        updatedAt: startedAt,
      };
    }
    if (!doc) return null;
    return { ...evolveOpen(doc, event), updatedAt: conversationEventAt(event) };
  },
};
