import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { inboxFiltersDecider, linkDecider, streams } from '@pi/domain';
import type { Position } from '@pi/event-store';
import { type AuthContext, CLOCK, type Clock, type CommandContext, CommandExecutor } from '@pi/application';
import { newId } from '../infrastructure/new-id.js';

export class SaveInboxFilterCommand extends Command<{ filterId: string; position: Position | null }> {
  constructor(
    readonly filter: { name: string; tags: string[]; linkId: string | null },
    readonly caller: AuthContext,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class DeleteInboxFilterCommand extends Command<{ position: Position | null }> {
  constructor(
    readonly filterId: string,
    readonly caller: AuthContext,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Saved filters are each staff member's own: kept in their stream, never another's. */
@CommandHandler(SaveInboxFilterCommand)
export class SaveInboxFilterHandler implements ICommandHandler<SaveInboxFilterCommand> {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ filter, caller, context }: SaveInboxFilterCommand) {
    const filterId = newId(context, 'inbox-filter');
    const link = filter.linkId ? (await this.executor.load(streams.link(filter.linkId), linkDecider)).state : null;
    const { position } = await this.executor.execute(
      streams.inboxFilters(caller.staffId),
      inboxFiltersDecider,
      {
        type: 'SaveInboxFilter',
        filterId,
        staffId: caller.staffId,
        practiceId: caller.practiceId,
        ...filter,
        linkPracticeId: link && link.status !== 'absent' ? link.practiceId : null,
        at: this.clock.now().toISOString(),
      },
      context,
    );
    return { filterId, position };
  }
}

@CommandHandler(DeleteInboxFilterCommand)
export class DeleteInboxFilterHandler implements ICommandHandler<DeleteInboxFilterCommand> {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ filterId, caller, context }: DeleteInboxFilterCommand) {
    const { position } = await this.executor.execute(
      streams.inboxFilters(caller.staffId),
      inboxFiltersDecider,
      {
        type: 'DeleteInboxFilter',
        filterId,
        staffId: caller.staffId,
        practiceId: caller.practiceId,
        at: this.clock.now().toISOString(),
      },
      context,
    );
    return { position };
  }
}
