import { randomBytes, randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  linkDecider,
  LinkNotFound,
  requireSlug,
  ReservationHeld,
  SlugTaken,
  slugFromRandomBytes,
  staffDecider,
  streams,
  type LinkCommand,
  type LinkOwner,
} from '@pi/domain';
import type { Position } from '@pi/event-store';
import { CLOCK, type Clock, type CommandContext, CommandExecutor, Reservations } from '@pi/application';
import { ownerFacts } from '../infrastructure/owner-facts.js';

type Result = { position: Position | null };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A link command as a controller states it: the handler adds the practice and the time. */
export type LinkChange = DistributiveOmit<
  Exclude<LinkCommand, { type: 'CreateLink' | 'ChangeSlug' | 'ChangeOwner' | 'AddLinkMember' }>,
  'practiceId' | 'at'
>;

export class CreateLinkCommand extends Command<Result & { linkId: string; slug: string }> {
  constructor(
    readonly label: string,
    readonly slug: string | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class ChangeLinkSlugCommand extends Command<Result> {
  constructor(
    readonly linkId: string,
    readonly slug: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class ChangeLinkOwnerCommand extends Command<Result> {
  constructor(
    readonly linkId: string,
    readonly owner: LinkOwner | null,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class AddLinkMemberCommand extends Command<Result> {
  constructor(
    readonly linkId: string,
    readonly staffId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Every other change to a link: rename, remove a member, tags, auto-assign, archive. */
export class ChangeLinkCommand extends Command<Result> {
  constructor(
    readonly change: LinkChange,
    readonly context: CommandContext,
  ) {
    super();
  }
}

abstract class LinkHandler {
  constructor(
    @Inject(CommandExecutor) protected readonly executor: CommandExecutor,
    @Inject(Reservations) protected readonly reservations: Reservations,
    @Inject(CLOCK) protected readonly clock: Clock,
  ) {}

  protected async run(linkId: string, command: LinkCommand, context: CommandContext): Promise<Result> {
    return { position: (await this.executor.execute(streams.link(linkId), linkDecider, command, context)).position };
  }

  protected now(): string {
    return this.clock.now().toISOString();
  }

  /**
   * One slug per deployment: whoever holds `slug-<slug>` owns the URL. The work
   * runs while the slug is held; if it fails, the slug is given back only if
   * this call took it.
   */
  protected async withSlug<T>(
    slug: string,
    linkId: string,
    context: CommandContext,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await this.reservations.holding('slug', slug, linkId, context, work);
    } catch (error) {
      if (error instanceof ReservationHeld && error.scope === 'slug') throw new SlugTaken(slug);
      throw error;
    }
  }
}

@CommandHandler(CreateLinkCommand)
export class CreateLinkHandler extends LinkHandler implements ICommandHandler<CreateLinkCommand> {
  async execute({ label, slug: requested, context }: CreateLinkCommand) {
    const linkId = randomUUID();
    const create = (slug: string) => () =>
      this.run(
        linkId,
        { type: 'CreateLink', linkId, practiceId: context.practiceId, label, slug, at: this.now() },
        context,
      );
    if (requested !== undefined) {
      const slug = requireSlug(requested);
      return { ...(await this.withSlug(slug, linkId, context, create(slug))), linkId, slug };
    }
    // Random, so the next link's URL cannot be guessed from this one; retried on the rare collision.
    for (let attempt = 0; ; attempt++) {
      const slug = slugFromRandomBytes(randomBytes(8));
      try {
        return { ...(await this.withSlug(slug, linkId, context, create(slug))), linkId, slug };
      } catch (error) {
        if (!(error instanceof SlugTaken) || attempt >= 5) throw error;
      }
    }
  }
}

@CommandHandler(ChangeLinkSlugCommand)
export class ChangeLinkSlugHandler extends LinkHandler implements ICommandHandler<ChangeLinkSlugCommand> {
  async execute({ linkId, slug: requested, context }: ChangeLinkSlugCommand) {
    const slug = requireSlug(requested);
    const before = await this.executor.load(streams.link(linkId), linkDecider);
    // Another practice's link does not exist for this caller: refuse before touching any reservation.
    if (before.state.status === 'absent' || before.state.practiceId !== context.practiceId)
      throw new LinkNotFound(linkId);
    if (before.state.slug === slug) return { position: before.position };
    const result = await this.withSlug(slug, linkId, context, () =>
      this.run(linkId, { type: 'ChangeSlug', linkId, practiceId: context.practiceId, slug, at: this.now() }, context),
    );
    // "Renaming the slug releases the old one": the old URL stops resolving and is free for others.
    await this.reservations.release('slug', before.state.slug, linkId, context);
    return result;
  }
}

@CommandHandler(ChangeLinkOwnerCommand)
export class ChangeLinkOwnerHandler extends LinkHandler implements ICommandHandler<ChangeLinkOwnerCommand> {
  async execute({ linkId, owner, context }: ChangeLinkOwnerCommand) {
    const ownerPracticeId = owner ? (await ownerFacts(this.executor, owner)).practiceId : null;
    return this.run(
      linkId,
      { type: 'ChangeOwner', linkId, practiceId: context.practiceId, owner, ownerPracticeId, at: this.now() },
      context,
    );
  }
}

@CommandHandler(AddLinkMemberCommand)
export class AddLinkMemberHandler extends LinkHandler implements ICommandHandler<AddLinkMemberCommand> {
  async execute({ linkId, staffId, context }: AddLinkMemberCommand) {
    const staff = (await this.executor.load(streams.staff(staffId), staffDecider)).state;
    const staffPracticeId = staff.status === 'active' ? staff.practiceId : null;
    return this.run(
      linkId,
      { type: 'AddLinkMember', linkId, practiceId: context.practiceId, staffId, staffPracticeId, at: this.now() },
      context,
    );
  }
}

@CommandHandler(ChangeLinkCommand)
export class ChangeLinkHandler extends LinkHandler implements ICommandHandler<ChangeLinkCommand> {
  async execute({ change, context }: ChangeLinkCommand) {
    return this.run(change.linkId, { ...change, practiceId: context.practiceId, at: this.now() }, context);
  }
}
