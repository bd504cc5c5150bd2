import { CONVERSATION_EVENT_TYPES, type ConversationEvent, type LinkOwner } from '@pi/domain';
import type { Projection } from '@pi/read-store';

export interface ConversationDoc {
  id: string;
  practiceId: string;
  patientId: string;
  contactId: string;
  linkId: string;
  via: 'invitation' | 'link';
  tags: string[];
  assignee: LinkOwner | null;
  startedAt: string;
  updatedAt: string;
}

export const conversationsProjection: Projection<ConversationDoc, ConversationEvent> = {
  name: 'conversations',
  version: 1,
  indexes: [{ fields: ['practiceId', 'startedAt'] }, { fields: ['patientId'] }],
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
        startedAt,
        updatedAt: startedAt,
      };
    }
    if (!doc) return null;
    return { ...doc, assignee: event.data.assignee, updatedAt: event.data.assignedAt };
  },
};
