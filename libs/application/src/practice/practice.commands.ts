import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { practiceDecider, streams, type PracticeProfile } from '@pi/domain';
import type { Position } from '@pi/event-store';
import type { CommandContext } from '../engine/command-context.js';
import { CommandExecutor } from '../engine/command-executor.js';
import { CLOCK, type Clock } from '../engine/tokens.js';

export class UpdatePracticeProfileCommand extends Command<{ position: Position | null }> {
  constructor(
    readonly changes: Partial<Omit<PracticeProfile, 'phone'>> & { phone?: string | null },
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(UpdatePracticeProfileCommand)
export class UpdatePracticeProfileHandler implements ICommandHandler<UpdatePracticeProfileCommand> {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ changes, context }: UpdatePracticeProfileCommand) {
    const { practiceId } = context;
    const command = { type: 'UpdatePracticeProfile' as const, practiceId, changes, at: this.clock.now().toISOString() };
    const outcome = await this.executor.execute(streams.practice(practiceId), practiceDecider, command, context);
    return { position: outcome.position };
  }
}

export class RegisterPracticeCommand extends Command<{ position: Position | null }> {
  constructor(
    readonly practiceId: string,
    readonly name: string,
    readonly defaultCountry: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterPracticeCommand)
export class RegisterPracticeHandler implements ICommandHandler<RegisterPracticeCommand> {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ practiceId, name, defaultCountry, context }: RegisterPracticeCommand) {
    const command = {
      type: 'RegisterPractice' as const,
      practiceId,
      name,
      defaultCountry,
      at: this.clock.now().toISOString(),
    };
    return {
      position: (await this.executor.execute(streams.practice(practiceId), practiceDecider, command, context)).position,
    };
  }
}

export class ChangeInviteSettingsCommand extends Command<{ position: Position | null }> {
  constructor(
    readonly settings: {
      messageTemplate?: string | null;
      expiryDays?: number;
      reminderDays?: number[];
      sendingWindow?: { from: string; until: string };
    },
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeInviteSettingsCommand)
export class ChangeInviteSettingsHandler implements ICommandHandler<ChangeInviteSettingsCommand> {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ settings, context }: ChangeInviteSettingsCommand) {
    const { practiceId } = context;
    const command = {
      type: 'ChangeInviteSettings' as const,
      practiceId,
      ...settings,
      at: this.clock.now().toISOString(),
    };
    return {
      position: (await this.executor.execute(streams.practice(practiceId), practiceDecider, command, context)).position,
    };
  }
}
