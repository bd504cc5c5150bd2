import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  conversationDecider,
  ConversationNotFound,
  reasonsToRead,
  streams,
  UnknownAssignee,
  type ConversationCommand,
  type ConversationState,
  type LinkOwner,
} from '@pi/domain';
import type { Position } from '@pi/event-store';
import { type AuthContext, CLOCK, type Clock, type CommandContext, CommandExecutor } from '@pi/application';
import { newId } from '../infrastructure/new-id.js';
import { ownerFacts } from '../infrastructure/owner-facts.js';
import { ConversationAccess } from './conversation-access.js';

type Result = { position: Position | null };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A staff member's change to a conversation, as a controller states it (the handler adds the practice, the time and the facts). */
export type ConversationChange =
  | DistributiveOmit<
      Extract<
        ConversationCommand,
        {
          type:
            | 'UnassignConversation'
            | 'ArchiveConversation'
            | 'ReopenConversation'
            | 'TagConversation'
            | 'UntagConversation';
        }
      >,
      'practiceId' | 'at'
    >
  | { type: 'AssignConversation'; conversationId: string; assignee: LinkOwner }
  | { type: 'MarkConversationRead'; conversationId: string }
  | { type: 'PostStaffMessage'; conversationId: string; text: string };

export class ChangeConversationCommand extends Command<Result & { messageId?: string }> {
  constructor(
    readonly change: ConversationChange,
    readonly caller: AuthContext,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Staff act only on conversations they may read: the access rule is checked
 * against the conversation as its stream stands (not a read model that may
 * lag), and anything else is 404, as if it did not exist.
 */
@CommandHandler(ChangeConversationCommand)
export class ChangeConversationHandler implements ICommandHandler<ChangeConversationCommand> {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(ConversationAccess) private readonly access: ConversationAccess,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ change, caller, context }: ChangeConversationCommand) {
    const { conversationId } = change;
    const access = await this.access.state(caller);
    const readable = (state: ConversationState) =>
      state.status !== 'none' &&
      state.practiceId === caller.practiceId &&
      reasonsToRead(access, caller.staffId, state).length > 0;
    // Nothing about the request is looked at (not even who it assigns to) for a conversation the caller may not read.
    const stream = streams.conversation(conversationId);
    if (!readable((await this.executor.load(stream, conversationDecider)).state))
      throw new ConversationNotFound(conversationId);
    const base = { conversationId, practiceId: caller.practiceId, at: this.clock.now().toISOString() };
    let command: ConversationCommand;
    let messageId: string | undefined;
    switch (change.type) {
      case 'AssignConversation':
        command = {
          ...base,
          type: change.type,
          assignee: change.assignee,
          joining: await this.members(change.assignee, caller),
        };
        break;
      case 'MarkConversationRead':
        command = { ...base, type: change.type, staffId: caller.staffId };
        break;
      case 'PostStaffMessage':
        messageId = newId(context, 'message', conversationId);
        command = { ...base, type: change.type, messageId, staffId: caller.staffId, text: change.text };
        break;
      default:
        command = { ...base, ...change };
    }
    const outcome = await this.executor.execute(
      stream,
      conversationDecider,
      (state) => {
        if (!readable(state)) throw new ConversationNotFound(conversationId);
        return command;
      },
      context,
    );
    return { position: outcome.position, ...(messageId ? { messageId } : {}) };
  }

  /** Who an assignment puts in the conversation: the person, or the team's members now. */
  private async members(assignee: LinkOwner, caller: AuthContext): Promise<string[]> {
    const facts = await ownerFacts(this.executor, assignee);
    if (facts.practiceId !== caller.practiceId) throw new UnknownAssignee(assignee);
    return facts.members;
  }
}
