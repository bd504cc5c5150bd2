import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DomainError,
  emailMatchKey,
  linkDecider,
  ReservationHeld,
  StaffEmailTaken,
  staffDecider,
  streams,
  teamDecider,
  type Role,
} from '@pi/domain';
import type { EventStore, Position } from '@pi/event-store';
import { getStaffMember, linksProjection, listLinks, staffDirectoryProjection } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import { catchUp } from '../engine/catch-up.js';
import type { CommandContext } from '../engine/command-context.js';
import { CommandExecutor } from '../engine/command-executor.js';
import { Reservations } from '../engine/reservations.js';
import { CLOCK, EVENT_STORE, READ_MODELS, type Clock } from '../engine/tokens.js';

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
    const emailKey = this.reservations.personalKey(practiceId, emailMatchKey(input.email));
    const command = {
      type: 'AddStaffMember' as const,
      staffId,
      practiceId,
      name: input.name,
      email: input.email.trim(),
      role: input.role,
      at: this.clock.now().toISOString(),
    };
    try {
      // If the staff stream refuses, the email is given back (unless an earlier, successful add holds it).
      const outcome = await this.reservations.holding(EMAIL_SCOPE, emailKey, staffId, context, () =>
        this.executor.execute(streams.staff(staffId), staffDecider, command, context),
      );
      return { staffId, position: outcome.position };
    } catch (error) {
      if (error instanceof ReservationHeld && error.scope === EMAIL_SCOPE) throw new StaffEmailTaken(error.holder);
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
    const command = {
      type: 'UpdateStaffMember' as const,
      staffId,
      practiceId: context.practiceId,
      ...changes,
      at: this.clock.now().toISOString(),
    };
    const outcome = await this.executor.execute(streams.staff(staffId), staffDecider, command, context);
    return { position: outcome.position };
  }
}

export class DeactivateStaffMemberCommand extends Command<{ position: Position | null }> {
  constructor(
    readonly staffId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Deactivates a staff member: their tokens stop on the next request (the
 * caller directory follows the log). Then, going forward, they leave their
 * teams and the links they are a member of; conversations they were already
 * in keep them in their history ("a member cannot be removed from a
 * conversation they are already in"). Retrying finishes what a crash left.
 */
@CommandHandler(DeactivateStaffMemberCommand)
export class DeactivateStaffMemberHandler implements ICommandHandler<DeactivateStaffMemberCommand> {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ staffId, context }: DeactivateStaffMemberCommand) {
    const { practiceId } = context;
    const at = this.clock.now().toISOString();
    const deactivated = await this.executor.execute(
      streams.staff(staffId),
      staffDecider,
      { type: 'DeactivateStaffMember', staffId, practiceId, by: context.actor, at },
      context,
    );
    // The read models name their teams and links once they have seen everything so far.
    await catchUp(this.events, this.readModels, [staffDirectoryProjection.name, linksProjection.name]);
    let position = deactivated.position;
    const member = await getStaffMember(this.readModels, practiceId, staffId);
    for (const teamId of member?.teamIds ?? []) {
      const removed = await this.executor
        .execute(
          streams.team(teamId),
          teamDecider,
          { type: 'RemoveTeamMember', teamId, practiceId, staffId, at },
          context,
        )
        .catch(ignoreGone);
      if (removed?.events.length) position = removed.position;
    }
    for (let cursor: string | null = null; ;) {
      const page = await listLinks(this.readModels, practiceId, { limit: 200, cursor });
      for (const link of page.items.filter((l) => l.memberIds.includes(staffId))) {
        const removed = await this.executor
          .execute(
            streams.link(link.id),
            linkDecider,
            { type: 'RemoveLinkMember', linkId: link.id, practiceId, staffId, at },
            context,
          )
          .catch(ignoreGone);
        if (removed?.events.length) position = removed.position;
      }
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return { position };
  }
}

/** A team or link changed meanwhile (archived, member already gone): nothing left to remove there. */
function ignoreGone(error: unknown): null {
  if (error instanceof DomainError) return null;
  throw error;
}
