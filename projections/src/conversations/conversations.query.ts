import type { Page, ProjectionEngine } from '@pi/read-store';
import { conversationsProjection, type ConversationDoc } from './conversations.projection.js';

export async function getConversation(
  readModels: ProjectionEngine,
  practiceId: string,
  conversationId: string,
): Promise<ConversationDoc | null> {
  const doc = await readModels.get<ConversationDoc>(conversationsProjection.name, conversationId);
  return doc && doc.practiceId === practiceId ? doc : null;
}

/** Newest first. */
export function listConversations(
  readModels: ProjectionEngine,
  practiceId: string,
  page: { limit: number; cursor?: string | null },
): Promise<Page<ConversationDoc>> {
  return readModels.find<ConversationDoc>(conversationsProjection.name, {
    where: { practiceId },
    sort: { field: 'startedAt', direction: 'desc' },
    limit: page.limit,
    cursor: page.cursor ?? null,
  });
}
