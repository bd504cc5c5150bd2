import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { contactDecider, parsePhone, streams, type ContactCommand, type ContactSource } from '@pi/domain';
import type { Position } from '@pi/event-store';
import { CLOCK, type Clock, type CommandContext, CommandExecutor, lastPosition, step } from '@pi/application';
import { newId } from '../infrastructure/new-id.js';
import { practiceCountry } from '../practice/practice-country.js';
import { ContactKeys } from './contact-keys.js';

type Result = { position: Position | null };

export interface NewContact {
  name: string;
  phone?: string | null;
  email?: string | null;
  tags?: string[];
  source?: ContactSource;
  /** Create it even when a contact with the same phone or email exists. */
  allowDuplicate?: boolean;
  contactId?: string;
}

export class CreateContactCommand extends Command<Result & { contactId: string }> {
  constructor(
    readonly contact: NewContact,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class ChangeContactCommand extends Command<Result> {
  constructor(
    readonly change:
      | { type: 'UpdateContact'; contactId: string; name?: string; phone?: string | null; email?: string | null }
      | { type: 'TagContact' | 'UntagContact'; contactId: string; tag: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Contacts handlers share: the practice's country (to read phone numbers) and the time. */
abstract class ContactHandler {
  constructor(
    @Inject(CommandExecutor) protected readonly executor: CommandExecutor,
    @Inject(CLOCK) protected readonly clock: Clock,
    @Inject(ContactKeys) protected readonly keys: ContactKeys,
  ) {}

  protected defaultCountry(practiceId: string): Promise<string> {
    return practiceCountry(this.executor, practiceId);
  }

  protected run(contactId: string, command: ContactCommand, context: CommandContext) {
    return this.executor.execute(streams.contact(contactId), contactDecider, command, context);
  }
}

@CommandHandler(CreateContactCommand)
export class CreateContactHandler extends ContactHandler implements ICommandHandler<CreateContactCommand> {
  async execute({ contact, context }: CreateContactCommand) {
    const defaultCountry = await this.defaultCountry(context.practiceId);
    const contactId = contact.contactId ?? newId(context, 'contact');
    const phone = contact.phone ? parsePhone(contact.phone, defaultCountry) : null;
    const create: ContactCommand = {
      type: 'CreateContact',
      contactId,
      practiceId: context.practiceId,
      name: contact.name,
      phone: contact.phone ?? null,
      email: contact.email ?? null,
      tags: contact.tags ?? [],
      source: contact.source ?? 'manual',
      defaultCountry,
      at: this.clock.now().toISOString(),
    };
    // Already in the address book? The phone and email keys say so in the same commit (409 naming the holder).
    const outcomes = await this.keys.creating(
      context,
      contactId,
      { phone: phone?.e164 ?? null, email: contact.email?.trim() || null },
      !contact.allowDuplicate,
      (keySteps) =>
        this.executor.executeAll([...keySteps, step(streams.contact(contactId), contactDecider, create)], context),
    );
    return { contactId, position: lastPosition(outcomes) };
  }
}

@CommandHandler(ChangeContactCommand)
export class ChangeContactHandler extends ContactHandler implements ICommandHandler<ChangeContactCommand> {
  async execute({ change, context }: ChangeContactCommand) {
    const at = this.clock.now().toISOString();
    if (change.type !== 'UpdateContact')
      return {
        position: (await this.run(change.contactId, { ...change, practiceId: context.practiceId, at }, context))
          .position,
      };
    const before = (await this.executor.load(streams.contact(change.contactId), contactDecider)).state;
    const command: ContactCommand = {
      ...change,
      practiceId: context.practiceId,
      defaultCountry: await this.defaultCountry(context.practiceId),
      at,
    };
    const outcome = await this.run(change.contactId, command, context);
    const after = (await this.executor.load(streams.contact(change.contactId), contactDecider)).state;
    // The keys follow the contact's phone and email: free the old ones, take the new ones if free.
    if (outcome.events.length && before.status === 'active' && after.status === 'active')
      await this.keys.move(context, change.contactId, before, after);
    return { position: outcome.position };
  }
}
