import { subjects, type MessageAuthor, type MessagePosted } from '@pi/domain';
import type { Projection } from '@pi/read-store';

/** One secure message. Its text is personal data: served to those who may read the conversation, never logged. */
export interface MessageDoc {
  id: string;
  conversationId: string;
  practiceId: string;
  author: MessageAuthor;
  text: string;
  postedAt: string;
}

export const messagesProjection: Projection<MessageDoc, MessagePosted> = {
  name: 'messages',
  version: 2,
  sealed: { groups: [{ subject: (doc) => subjects.conversation(doc.conversationId), paths: ['text'] }] },
  indexes: [{ fields: ['conversationId', 'postedAt'] }],
  eventTypes: ['MessagePosted'],
  documentId: (event) => event.data.messageId,
  evolve(_doc, event) {
    const { messageId, conversationId, practiceId, author, text, postedAt } = event.data;
    return { id: messageId, conversationId, practiceId, author, text, postedAt };
  },
};
