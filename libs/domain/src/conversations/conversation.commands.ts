import type { LinkOwner } from '../links/link.events.js';
import type { ConversationStarted } from './conversation.events.js';

type Target = { conversationId: string; practiceId: string; at: string };

/** The link as it stands when the conversation arrives: its conversation tags, and its owner when it auto-assigns. */
export interface StartConversation extends Omit<ConversationStarted['data'], 'startedAt'> {
  type: 'StartConversation';
  autoAssignTo: LinkOwner | null;
  at: string;
}
/** `joining`: who the assignee is, as a fact — the person, or the team's members now. */
export interface AssignConversation extends Target {
  type: 'AssignConversation';
  assignee: LinkOwner;
  joining: string[];
}
export interface UnassignConversation extends Target {
  type: 'UnassignConversation';
}
export interface ArchiveConversation extends Target {
  type: 'ArchiveConversation';
}
export interface ReopenConversation extends Target {
  type: 'ReopenConversation';
}
export interface TagConversation extends Target {
  type: 'TagConversation';
  tag: string;
}
export interface UntagConversation extends Target {
  type: 'UntagConversation';
  tag: string;
}
export interface MarkConversationRead extends Target {
  type: 'MarkConversationRead';
  staffId: string;
}
/** Staff write in a conversation they can read (checked by the caller, which holds the access history). */
export interface PostStaffMessage extends Target {
  type: 'PostStaffMessage';
  messageId: string;
  staffId: string;
  text: string;
}
/**
 * A patient writes to a practice through a link: the conversation of this
 * patient and link starts if it has not, the link's conversation tags as they
 * are now are applied, and it is assigned to the owner when the link
 * auto-assigns ("anytime someone sends a message to that Spruce Link").
 */
export interface PostPatientMessage extends Target {
  type: 'PostPatientMessage';
  messageId: string;
  patientId: string;
  text: string;
  /** The link it goes to, as it is now (null: the link is gone; only an existing conversation takes it). */
  throughLink: {
    /** How to start it when it has not started (null: a reply, to an existing conversation only). */
    start: Omit<StartConversation, 'type' | 'autoAssignTo' | 'at'> | null;
    tags: string[];
    autoAssignTo: LinkOwner | null;
  } | null;
}

export type ConversationCommand =
  | StartConversation
  | AssignConversation
  | UnassignConversation
  | ArchiveConversation
  | ReopenConversation
  | TagConversation
  | UntagConversation
  | MarkConversationRead
  | PostStaffMessage
  | PostPatientMessage;
