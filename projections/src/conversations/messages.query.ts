import type { Page, ProjectionEngine } from '@pi/read-store';
import { messagesProjection, type MessageDoc } from './messages.projection.js';

/** A conversation's messages, oldest first (a cursor pages on). */
export function listMessages(
  readModels: ProjectionEngine,
  conversationId: string,
  page: { limit: number; cursor?: string | null },
): Promise<Page<MessageDoc>> {
  return readModels.find<MessageDoc>(messagesProjection.name, {
    where: { conversationId },
    sort: { field: 'postedAt', direction: 'asc' },
    limit: page.limit,
    cursor: page.cursor ?? null,
  });
}
