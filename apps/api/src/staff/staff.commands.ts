import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { emailMatchKey, ReservationHeld, StaffEmailTaken, staffDecider, streams, type Role } from '@pi/domain';
import type { Position } from '@pi/event-store';
import type { CommandContext } from '../infrastructure/command-context.js';
import { CommandExecutor } from '../infrastructure/command-executor.js';
import { Reservations } from '../infrastructure/reservations.js';
import { CLOCK, type Clock } from '../infrastructure/tokens.js';

export class AddStaffMemberCommand extends Command<{ staffId: string; position: Position | null }> {
  constructor(
    readonly input: { name: string; email: string; role: Role; staffId?: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class UpdateStaffMemberCommand extends Command<{ position: Position | null }> {
  constructor(
    readonly staffId: string,
    readonly changes: { name?: string; role?: Role },
    readonly context: CommandContext,
  ) {
    super();
  }
}

const EMAIL_SCOPE = 'staffemail';

@CommandHandler(AddStaffMemberCommand)
export class AddStaffMemberHandler implements ICommandHandler<AddStaffMemberCommand> {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(Reservations) private readonly reservations: Reservations,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: AddStaffMemberCommand) {
    const staffId = input.staffId ?? randomUUID();
    const { practiceId } = context;
    // One staff email per practice: reserve it (hashed) before the staff stream is written.
    const emailKey = Reservations.hashedKey(practiceId, emailMatchKey(input.email));
    let reservedNow: boolean;
    try {
      reservedNow = await this.reservations.reserve(EMAIL_SCOPE, emailKey, staffId, context);
    } catch (error) {
      if (error instanceof ReservationHeld) throw new StaffEmailTaken(error.holder);
      throw error;
    }
    try {
      const command = { type: 'AddStaffMember' as const, staffId, practiceId, name: input.name, email: input.email.trim(), role: input.role, at: this.clock.now().toISOString() };
      const outcome = await this.executor.execute(streams.staff(staffId), staffDecider, command, context);
      return { staffId, position: outcome.position };
    } catch (error) {
      // Compensate: the email must not stay reserved by a staff member that was never recorded
      // (a retry for an existing staff member keeps the reservation it already had).
      if (reservedNow) await this.reservations.release(EMAIL_SCOPE, emailKey, staffId, context);
      throw error;
    }
  }
}

@CommandHandler(UpdateStaffMemberCommand)
export class UpdateStaffMemberHandler implements ICommandHandler<UpdateStaffMemberCommand> {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ staffId, changes, context }: UpdateStaffMemberCommand) {
    const command = { type: 'UpdateStaffMember' as const, staffId, practiceId: context.practiceId, ...changes, at: this.clock.now().toISOString() };
    const outcome = await this.executor.execute(streams.staff(staffId), staffDecider, command, context);
    return { position: outcome.position };
  }
}
