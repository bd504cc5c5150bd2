import type { LinkOwner } from '../links/link.events.js';
import type { DomainEvent } from '../shared/decider.js';

/** A secure conversation between a practice and a patient: started when the patient connects, or writes to a link. */
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
/** To a staff member ("Mine") or a team ("Assigned to <team>"): out of the main inbox. Auto-assign, or asked for. */
export type ConversationAssigned = DomainEvent<
  'ConversationAssigned',
  {
    conversationId: string;
    practiceId: string;
    assignee: LinkOwner;
    reason: 'auto_assign' | 'requested';
    assignedAt: string;
  }
>;
export type ConversationUnassigned = DomainEvent<
  'ConversationUnassigned',
  { conversationId: string; practiceId: string; previous: LinkOwner; unassignedAt: string }
>;
/** Staff put in the conversation by an assignment (the person, or the team's members then): they stay in it. */
export type ConversationJoined = DomainEvent<
  'ConversationJoined',
  { conversationId: string; practiceId: string; staffIds: string[]; reason: 'assigned'; joinedAt: string }
>;
export type ConversationArchived = DomainEvent<
  'ConversationArchived',
  { conversationId: string; practiceId: string; archivedAt: string }
>;
export type ConversationReopened = DomainEvent<
  'ConversationReopened',
  { conversationId: string; practiceId: string; reason: 'requested' | 'patient_message'; reopenedAt: string }
>;
/** `link_tag`: the link's conversation tag, applied when the patient wrote to the link. */
export type ConversationTagged = DomainEvent<
  'ConversationTagged',
  { conversationId: string; practiceId: string; tag: string; reason: 'requested' | 'link_tag'; taggedAt: string }
>;
export type ConversationUntagged = DomainEvent<
  'ConversationUntagged',
  { conversationId: string; practiceId: string; tag: string; untaggedAt: string }
>;
/** A staff member has read everything up to now. */
export type ConversationRead = DomainEvent<
  'ConversationRead',
  { conversationId: string; practiceId: string; staffId: string; readAt: string }
>;
export type MessageAuthor = { type: 'staff'; id: string } | { type: 'patient'; id: string };
/** A secure message. Its text is personal data: never logged, never in an error. Sent "from" the conversation's link. */
export type MessagePosted = DomainEvent<
  'MessagePosted',
  {
    conversationId: string;
    practiceId: string;
    messageId: string;
    author: MessageAuthor;
    text: string;
    postedAt: string;
  }
>;

export type ConversationEvent =
  | ConversationStarted
  | ConversationAssigned
  | ConversationUnassigned
  | ConversationJoined
  | ConversationArchived
  | ConversationReopened
  | ConversationTagged
  | ConversationUntagged
  | ConversationRead
  | MessagePosted;

export const CONVERSATION_EVENT_TYPES = [
  'ConversationStarted',
  'ConversationAssigned',
  'ConversationUnassigned',
  'ConversationJoined',
  'ConversationArchived',
  'ConversationReopened',
  'ConversationTagged',
  'ConversationUntagged',
  'ConversationRead',
  'MessagePosted',
] as const satisfies readonly ConversationEvent['type'][];

/** When the event happened, as its own data says (the time every rule about conversations compares). */
export function conversationEventAt(event: ConversationEvent): string {
  switch (event.type) {
    case 'ConversationStarted':
      return event.data.startedAt;
    case 'ConversationAssigned':
      return event.data.assignedAt;
    case 'ConversationUnassigned':
      return event.data.unassignedAt;
    case 'ConversationJoined':
      return event.data.joinedAt;
    case 'ConversationArchived':
      return event.data.archivedAt;
    case 'ConversationReopened':
      return event.data.reopenedAt;
    case 'ConversationTagged':
      return event.data.taggedAt;
    case 'ConversationUntagged':
      return event.data.untaggedAt;
    case 'ConversationRead':
      return event.data.readAt;
    case 'MessagePosted':
      return event.data.postedAt;
  }
}
