import type { LinkOwner } from '../links/link.events.js';
import { requireTag, sameTag } from '../links/tag.js';
import type { Decider } from '../shared/decider.js';
import type { ConversationCommand, PostPatientMessage, StartConversation } from './conversation.commands.js';
import { ConversationExists, ConversationNotFound, requireMessageText } from './conversation.errors.js';
import type { ConversationEvent } from './conversation.events.js';
import { evolveConversation, type ConversationState } from './conversation.state.js';

type Open = Exclude<ConversationState, { status: 'none' }>;

const sameOwner = (a: LinkOwner | null, b: LinkOwner | null) => a?.type === b?.type && a?.id === b?.id;

function start(command: Omit<StartConversation, 'type'>): ConversationEvent[] {
  const { autoAssignTo, at, ...data } = command;
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
}

/** The conversation as the patient's message finds it: started through the link if need be, then tagged and assigned. */
function patientWrites(command: PostPatientMessage, state: ConversationState): ConversationEvent[] {
  const { conversationId, practiceId, at } = command;
  const text = requireMessageText(command.text);
  if (state.status !== 'none' && state.recentMessageIds.includes(command.messageId)) return [];
  if (state.status !== 'none' && (state.practiceId !== practiceId || state.patientId !== command.patientId))
    throw new ConversationNotFound(conversationId);
  if (state.status === 'none' && !command.throughLink?.start) throw new ConversationNotFound(conversationId);
  const events: ConversationEvent[] = [];
  let current = state;
  const record = (more: ConversationEvent[]) => {
    events.push(...more);
    current = more.reduce(evolveConversation, current);
  };
  const link = command.throughLink;
  if (current.status === 'none' && link?.start) record(start({ ...link.start, autoAssignTo: null, at }));
  const open = current as Open;
  if (link) {
    for (const tag of link.tags)
      if (!open.tags.some((has) => sameTag(has, tag)))
        record([
          { type: 'ConversationTagged', data: { conversationId, practiceId, tag, reason: 'link_tag', taggedAt: at } },
        ]);
    if (link.autoAssignTo && !sameOwner(open.assignee, link.autoAssignTo))
      record([
        {
          type: 'ConversationAssigned',
          data: { conversationId, practiceId, assignee: link.autoAssignTo, reason: 'auto_assign', assignedAt: at },
        },
      ]);
  }
  if (open.status === 'archived')
    record([
      { type: 'ConversationReopened', data: { conversationId, practiceId, reason: 'patient_message', reopenedAt: at } },
    ]);
  record([
    {
      type: 'MessagePosted',
      data: {
        conversationId,
        practiceId,
        messageId: command.messageId,
        author: { type: 'patient', id: command.patientId },
        text,
        postedAt: at,
      },
    },
  ]);
  return events;
}

function decideOnOpen(
  command: Exclude<ConversationCommand, StartConversation | PostPatientMessage>,
  state: Open,
): ConversationEvent[] {
  const { conversationId, practiceId, at } = command;
  switch (command.type) {
    case 'AssignConversation': {
      if (sameOwner(state.assignee, command.assignee)) return [];
      const events: ConversationEvent[] = [
        {
          type: 'ConversationAssigned',
          data: { conversationId, practiceId, assignee: command.assignee, reason: 'requested', assignedAt: at },
        },
      ];
      const joining = [...new Set(command.joining)].filter((staffId) => !state.participants.includes(staffId));
      if (joining.length > 0)
        events.push({
          type: 'ConversationJoined',
          data: { conversationId, practiceId, staffIds: joining, reason: 'assigned', joinedAt: at },
        });
      return events;
    }
    case 'UnassignConversation':
      return state.assignee
        ? [
            {
              type: 'ConversationUnassigned',
              data: { conversationId, practiceId, previous: state.assignee, unassignedAt: at },
            },
          ]
        : [];
    case 'ArchiveConversation':
      return state.status === 'archived'
        ? []
        : [{ type: 'ConversationArchived', data: { conversationId, practiceId, archivedAt: at } }];
    case 'ReopenConversation':
      return state.status === 'open'
        ? []
        : [{ type: 'ConversationReopened', data: { conversationId, practiceId, reason: 'requested', reopenedAt: at } }];
    case 'TagConversation': {
      const tag = requireTag(command.tag);
      return state.tags.some((has) => sameTag(has, tag))
        ? []
        : [
            {
              type: 'ConversationTagged',
              data: { conversationId, practiceId, tag, reason: 'requested', taggedAt: at },
            },
          ];
    }
    case 'UntagConversation': {
      const tag = state.tags.find((has) => sameTag(has, command.tag));
      return tag ? [{ type: 'ConversationUntagged', data: { conversationId, practiceId, tag, untaggedAt: at } }] : [];
    }
    case 'MarkConversationRead':
      return state.readBy.includes(command.staffId)
        ? []
        : [{ type: 'ConversationRead', data: { conversationId, practiceId, staffId: command.staffId, readAt: at } }];
    case 'PostStaffMessage': {
      const text = requireMessageText(command.text);
      if (state.recentMessageIds.includes(command.messageId)) return [];
      return [
        {
          type: 'MessagePosted',
          data: {
            conversationId,
            practiceId,
            messageId: command.messageId,
            author: { type: 'staff', id: command.staffId },
            text,
            postedAt: at,
          },
        },
      ];
    }
  }
}

export const conversationDecider: Decider<ConversationCommand, ConversationEvent, ConversationState> = {
  initialState: { status: 'none' },
  evolve: evolveConversation,
  decide(command, state): ConversationEvent[] {
    if (command.type === 'StartConversation') {
      if (state.status !== 'none') {
        // The same start again (a retried onboarding) changes nothing.
        if (state.patientId === command.patientId && state.practiceId === command.practiceId) return [];
        throw new ConversationExists(command.conversationId);
      }
      const { type: _type, ...rest } = command;
      return start(rest);
    }
    if (command.type === 'PostPatientMessage') return patientWrites(command, state);
    if (state.status === 'none' || state.practiceId !== command.practiceId)
      throw new ConversationNotFound(command.conversationId);
    return decideOnOpen(command, state);
  },
};
