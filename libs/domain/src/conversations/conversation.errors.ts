import { DomainError } from '../shared/domain-error.js';

export class ConversationExists extends DomainError {
  readonly code = 'conversation-exists';
  readonly kind = 'conflict';
  constructor(conversationId: string) {
    super(`Conversation ${conversationId} already exists.`, { conversationId });
  }
}

/** Also the answer for a conversation the caller may not read: it does not exist for them. */
export class ConversationNotFound extends DomainError {
  readonly code = 'conversation-not-found';
  readonly kind = 'not_found';
  constructor(conversationId: string) {
    super(`No conversation ${conversationId} in this practice.`, { conversationId });
  }
}

export const MESSAGE_MAX_LENGTH = 4000;

export class InvalidMessage extends DomainError {
  readonly code = 'invalid-message';
  readonly kind = 'invalid';
  constructor(reason: string) {
    super(reason, { errors: [{ field: 'text', messages: [reason] }] });
  }
}

/** A message's text: not blank, at most 4,000 characters; the text itself never goes into the error. */
export function requireMessageText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new InvalidMessage('text must not be blank');
  if (trimmed.length > MESSAGE_MAX_LENGTH)
    throw new InvalidMessage(`text must be at most ${MESSAGE_MAX_LENGTH} characters`);
  return trimmed;
}

/** Assigned to someone (or a team) this practice does not have. */
export class UnknownAssignee extends DomainError {
  readonly code = 'unknown-assignee';
  readonly kind = 'unprocessable';
  constructor(assignee: { type: 'staff' | 'team'; id: string }) {
    super(`No ${assignee.type === 'staff' ? 'staff member' : 'team'} ${assignee.id} in this practice.`, {
      field: 'assignee',
      assignee,
    });
  }
}
