import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FollowUpNotFound, invitationDecider, streams } from '@pi/domain';
import type { Position } from '@pi/event-store';
import { CLOCK, type Clock, type CommandContext, CommandExecutor } from '@pi/application';
import { ResendInviteCommand, ResendInviteHandler, type InviteResult } from '../invitations/invitations.commands.js';

export class MarkFollowUpDoneCommand extends Command<{ position: Position | null }> {
  constructor(
    readonly invitationId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Sends the invitation again (a resend: new token, new window, reminders anew), which closes its follow-up. */
export class ReinviteCommand extends Command<InviteResult> {
  constructor(
    readonly invitationId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(MarkFollowUpDoneCommand)
export class MarkFollowUpDoneHandler implements ICommandHandler<MarkFollowUpDoneCommand> {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ invitationId, context }: MarkFollowUpDoneCommand) {
    const command = {
      type: 'MarkFollowUpDone' as const,
      invitationId,
      practiceId: context.practiceId,
      at: this.clock.now().toISOString(),
    };
    const outcome = await this.executor.execute(streams.invitation(invitationId), invitationDecider, command, context);
    return { position: outcome.position };
  }
}

@CommandHandler(ReinviteCommand)
export class ReinviteHandler implements ICommandHandler<ReinviteCommand> {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    // The resend's use case, run directly: a handler never goes back up to the bus.
    @Inject(ResendInviteHandler) private readonly resend: ResendInviteHandler,
  ) {}

  async execute({ invitationId, context }: ReinviteCommand): Promise<InviteResult> {
    const state = (await this.executor.load(streams.invitation(invitationId), invitationDecider)).state;
    // Only an open follow-up is re-invited from here; another practice's invitation is not found either.
    if (state.status === 'none' || state.practiceId !== context.practiceId || state.followUp !== 'open')
      throw new FollowUpNotFound(invitationId);
    return this.resend.execute(new ResendInviteCommand(invitationId, context));
  }
}
