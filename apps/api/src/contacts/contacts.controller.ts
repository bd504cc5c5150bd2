import { RecordsPersonalDataRead } from '../audit/personal-data-reads.js';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { findContacts, getContact } from '@pi/projections';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ContactNotFound } from '@pi/domain';
import { ConversationAccess } from '../conversations/conversation-access.js';
import { connectionOfContact, invitationsOfContact, smsConsentOf, type ContactDoc } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { FastifyRequest } from 'fastify';
import { AddressHashes, type AuthContext, type CommandContext, READ_MODELS } from '@pi/application';
import { Caller } from '../auth/decorators.js';
import { CommandCtx } from '../http/command-context.decorator.js';
import { CommandResultDto, positionText } from '../http/command-result.js';
import { ProblemException } from '../http/problem.js';
import { invitationDto } from '../invitations/invitations.controller.js';
import { patientConnectionDto } from '../identity/identity.dto.js';
import { ChangeContactCommand, CreateContactCommand } from './contacts.commands.js';
import {
  ContactCardDto,
  ContactPageDto,
  ContactSummaryDto,
  ContactTagDto,
  CreateContactDto,
  CreatedContactDto,
  ImportReportDto,
  ListContactsQueryDto,
  UpdateContactDto,
} from './contacts.dto.js';
import { ContactImport, MAX_IMPORT_ROWS } from './contacts.import.js';

function summary(doc: ContactDoc): ContactSummaryDto {
  const { id, name, phone, email, tags, status, source } = doc;
  return { id, name, phone, email, tags, status, source, erased: doc.erased === true };
}

function card(doc: ContactDoc): ContactCardDto {
  return {
    ...summary(doc),
    phone: doc.phone
      ? { e164: doc.phone, extension: doc.phoneExtension, asTyped: doc.phoneAsTyped ?? doc.phone }
      : null,
    connected: doc.status === 'connected',
    sms: { optedOut: false, keyword: null, since: null, undelivered: doc.smsUndelivered ?? null },
    invitations: [],
    patient: null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('v1/contacts')
export class ContactsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(ContactImport) private readonly importer: ContactImport,
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(ConversationAccess) private readonly access: ConversationAccess,
    @Inject(AddressHashes) private readonly hashes: AddressHashes,
  ) {}

  /** A contact whose conversations the caller may not read does not exist for them. */
  private async requireReadable(caller: AuthContext, contactId: string): Promise<void> {
    if (!(await this.access.contactReadable(caller, contactId))) throw new ContactNotFound(contactId);
  }

  @Post()
  @ApiOperation({
    summary:
      'Add a contact. 409 with existingContactId when the phone or email is already in the address book (unless allowDuplicate).',
  })
  @ApiCreatedResponse({ type: CreatedContactDto })
  async create(@Body() body: CreateContactDto, @CommandCtx() context: CommandContext): Promise<CreatedContactDto> {
    const { contactId, position } = await this.commands.execute(
      new CreateContactCommand({ ...body, source: 'manual' }, context),
    );
    return { id: contactId, position: positionText(position) };
  }

  @Post('import')
  @ApiOperation({
    summary: `Import contacts from CSV (header: name, phone, email, tags; tags split by ; or |). Up to ${MAX_IMPORT_ROWS} rows; a report per line. Sending the same file again imports nothing twice.`,
  })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: { type: 'string', example: 'name,phone,email,tags\nJane Doe,(415) 555-0100,jane@example.com,new_patient' },
  })
  @ApiOkResponse({ type: ImportReportDto })
  @HttpCode(200)
  async import(@Req() request: FastifyRequest, @CommandCtx() context: CommandContext): Promise<ImportReportDto> {
    if (typeof request.body !== 'string') {
      throw ProblemException.of(415, 'unsupported-media-type', 'Send the file as Content-Type: text/csv.');
    }
    return this.importer.import(request.body, context);
  }

  @RecordsPersonalDataRead('contact')
  @Get()
  @ApiOperation({ summary: 'Search before inviting (q), or list by status (not_invited = "not yet invited") and tag' })
  @ApiOkResponse({ type: ContactPageDto })
  async list(@Caller() caller: AuthContext, @Query() query: ListContactsQueryDto): Promise<ContactPageDto> {
    const page = await findContacts(this.readModels, caller.practiceId, {
      q: query.q,
      status: query.status,
      tag: query.tag,
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
    // A contact whose conversations the caller may not read is left out (the page may come back shorter).
    const readable = await this.access.readableContacts(
      caller,
      page.items.map((doc) => doc.id),
    );
    return { items: page.items.filter((doc) => readable.has(doc.id)).map(summary), nextCursor: page.nextCursor };
  }

  @RecordsPersonalDataRead('contact')
  @Get(':contactId')
  @ApiOperation({
    summary:
      "The contact card: every invitation and its timeline, and once connected the patient's account phone/email and identity status",
  })
  @ApiOkResponse({ type: ContactCardDto })
  async get(@Caller() caller: AuthContext, @Param('contactId') contactId: string): Promise<ContactCardDto> {
    const doc = await getContact(this.readModels, caller.practiceId, contactId);
    if (!doc || !(await this.access.contactReadable(caller, contactId))) throw new ContactNotFound(contactId);
    const consent = doc.phone
      ? await smsConsentOf(this.readModels, caller.practiceId, this.hashes.phone(doc.phone))
      : null;
    return {
      ...card(doc),
      sms: {
        ...(consent?.optedOut
          ? { optedOut: true, keyword: consent.keyword, since: consent.at }
          : { optedOut: false, keyword: null, since: null }),
        undelivered: doc.smsUndelivered ?? null,
      },
      invitations: (await invitationsOfContact(this.readModels, contactId)).map(invitationDto),
      patient: await connectionOfContact(this.readModels, caller.practiceId, contactId).then(
        (c) => c && patientConnectionDto(c),
      ),
    };
  }

  @Patch(':contactId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change name, phone or email (null clears phone or email)' })
  @ApiOkResponse({ type: CommandResultDto })
  async update(
    @Caller() caller: AuthContext,
    @Param('contactId') contactId: string,
    @Body() body: UpdateContactDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    await this.requireReadable(caller, contactId);
    if (body.name === undefined && body.phone === undefined && body.email === undefined)
      throw ProblemException.of(400, 'nothing-to-change', 'Send name, phone and/or email.');
    return {
      position: positionText(
        (await this.commands.execute(new ChangeContactCommand({ type: 'UpdateContact', contactId, ...body }, context)))
          .position,
      ),
    };
  }

  @Post(':contactId/tags')
  @ApiOperation({ summary: 'Tag a contact; 409 when it already has the tag (case ignored)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  async tag(
    @Caller() caller: AuthContext,
    @Param('contactId') contactId: string,
    @Body() body: ContactTagDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    await this.requireReadable(caller, contactId);
    return {
      position: positionText(
        (
          await this.commands.execute(
            new ChangeContactCommand({ type: 'TagContact', contactId, tag: body.tag }, context),
          )
        ).position,
      ),
    };
  }

  @Delete(':contactId/tags/:tag')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a tag from a contact; 404 when it does not have it' })
  @ApiOkResponse({ type: CommandResultDto })
  async untag(
    @Caller() caller: AuthContext,
    @Param('contactId') contactId: string,
    @Param('tag') tag: string,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    await this.requireReadable(caller, contactId);
    return {
      position: positionText(
        (await this.commands.execute(new ChangeContactCommand({ type: 'UntagContact', contactId, tag }, context)))
          .position,
      ),
    };
  }
}
