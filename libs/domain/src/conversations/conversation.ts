import type { Decider, DomainEvent } from '../shared/decider.js';
import type { LinkOwner } from '../links/link.events.js';
import { DomainError } from '../shared/domain-error.js';

/** A secure conversation between a practice and a patient, started when the patient connects. */
export type ConversationStarted = DomainEvent<
  'ConversationStarted',
  {
    conversationId: string;
    practiceId: string;
    patientId: string;
    contactId: string;
    linkId: string;
    via: 'invitation' | 'link';
    tags: string[];
    startedAt: string;
  }
>;
/** Auto-assign: to a staff member ("Mine") or a team ("Assigned to <team>"), out of the main inbox. */
export type ConversationAssigned = DomainEvent<
  'ConversationAssigned',
  { conversationId: string; practiceId: string; assignee: LinkOwner; reason: 'auto_assign'; assignedAt: string }
>;

export type ConversationEvent = ConversationStarted | ConversationAssigned;
export const CONVERSATION_EVENT_TYPES = [
  'ConversationStarted',
  'ConversationAssigned',
] as const satisfies readonly ConversationEvent['type'][];

/** The link as it stands when the conversation arrives: its conversation tags, and its owner when it auto-assigns. */
export interface StartConversation extends Omit<ConversationStarted['data'], 'startedAt'> {
  type: 'StartConversation';
  autoAssignTo: LinkOwner | null;
  at: string;
}
export type ConversationCommand = StartConversation;

export type ConversationState = { status: 'none' } | { status: 'open'; practiceId: string; patientId: string };

export class ConversationExists extends DomainError {
  readonly code = 'conversation-exists';
  readonly kind = 'conflict';
  constructor(conversationId: string) {
    super(`Conversation ${conversationId} already exists.`, { conversationId });
  }
}

export class ConversationNotFound extends DomainError {
  readonly code = 'conversation-not-found';
  readonly kind = 'not_found';
  constructor(conversationId: string) {
    super(`No conversation ${conversationId} in this practice.`, { conversationId });
  }
}

export const conversationDecider: Decider<ConversationCommand, ConversationEvent, ConversationState> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    if (event.type === 'ConversationStarted')
      return { status: 'open', practiceId: event.data.practiceId, patientId: event.data.patientId };
    return state;
  },
  decide(command, state) {
    if (state.status !== 'none') {
      // The same start again (a retried onboarding) changes nothing.
      if (state.patientId === command.patientId && state.practiceId === command.practiceId) return [];
      throw new ConversationExists(command.conversationId);
    }
    const { type: _type, autoAssignTo, at, ...data } = command;
    const events: ConversationEvent[] = [
      { type: 'ConversationStarted', data: { ...data, tags: [...data.tags], startedAt: at } },
    ];
    if (autoAssignTo)
      events.push({
        type: 'ConversationAssigned',
        data: {
          conversationId: command.conversationId,
          practiceId: command.practiceId,
          assignee: autoAssignTo,
          reason: 'auto_assign',
          assignedAt: at,
        },
      });
    return events;
  },
};
