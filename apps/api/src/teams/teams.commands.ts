import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { staffDecider, streams, teamDecider } from '@pi/domain';
import type { Position } from '@pi/event-store';
import { CLOCK, type Clock, type CommandContext, CommandExecutor } from '@pi/application';

type Result = { position: Position | null };

export class CreateTeamCommand extends Command<Result & { teamId: string }> {
  constructor(
    readonly name: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RenameTeamCommand extends Command<Result> {
  constructor(
    readonly teamId: string,
    readonly name: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class AddTeamMemberCommand extends Command<Result> {
  constructor(
    readonly teamId: string,
    readonly staffId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RemoveTeamMemberCommand extends Command<Result> {
  constructor(
    readonly teamId: string,
    readonly staffId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

abstract class TeamHandler {
  constructor(
    @Inject(CommandExecutor) protected readonly executor: CommandExecutor,
    @Inject(CLOCK) protected readonly clock: Clock,
  ) {}

  protected now(): string {
    return this.clock.now().toISOString();
  }
}

@CommandHandler(CreateTeamCommand)
export class CreateTeamHandler extends TeamHandler implements ICommandHandler<CreateTeamCommand> {
  async execute({ name, context }: CreateTeamCommand) {
    const teamId = randomUUID();
    const command = { type: 'CreateTeam' as const, teamId, practiceId: context.practiceId, name, at: this.now() };
    const outcome = await this.executor.execute(streams.team(teamId), teamDecider, command, context);
    return { teamId, position: outcome.position };
  }
}

@CommandHandler(RenameTeamCommand)
export class RenameTeamHandler extends TeamHandler implements ICommandHandler<RenameTeamCommand> {
  async execute({ teamId, name, context }: RenameTeamCommand) {
    const command = { type: 'RenameTeam' as const, teamId, practiceId: context.practiceId, name, at: this.now() };
    return { position: (await this.executor.execute(streams.team(teamId), teamDecider, command, context)).position };
  }
}

@CommandHandler(AddTeamMemberCommand)
export class AddTeamMemberHandler extends TeamHandler implements ICommandHandler<AddTeamMemberCommand> {
  async execute({ teamId, staffId, context }: AddTeamMemberCommand) {
    // The team's decider needs to know whose staff member this is: read it from the staff stream.
    const staff = await this.executor.load(streams.staff(staffId), staffDecider);
    const staffPracticeId = staff.state.status === 'active' ? staff.state.practiceId : null;
    const command = {
      type: 'AddTeamMember' as const,
      teamId,
      practiceId: context.practiceId,
      staffId,
      staffPracticeId,
      at: this.now(),
    };
    return { position: (await this.executor.execute(streams.team(teamId), teamDecider, command, context)).position };
  }
}

@CommandHandler(RemoveTeamMemberCommand)
export class RemoveTeamMemberHandler extends TeamHandler implements ICommandHandler<RemoveTeamMemberCommand> {
  async execute({ teamId, staffId, context }: RemoveTeamMemberCommand) {
    const command = {
      type: 'RemoveTeamMember' as const,
      teamId,
      practiceId: context.practiceId,
      staffId,
      at: this.now(),
    };
    return { position: (await this.executor.execute(streams.team(teamId), teamDecider, command, context)).position };
  }
}
