import { RecordsPersonalDataRead } from '../audit/personal-data-reads.js';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { identityNotice } from '@pi/domain';
import {
  getConnection,
  inboxRows,
  parseInboxView,
  inboxWhere,
  listInbox,
  listMessages,
  staffNames,
  type ConversationDoc,
} from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import { type AuthContext, type CommandContext, READ_MODELS } from '@pi/application';
import { Caller } from '../auth/decorators.js';
import { CommandCtx } from '../http/command-context.decorator.js';
import { CommandResultDto, positionText } from '../http/command-result.js';
import { PageQueryDto } from '../http/pagination.dto.js';
import { patientConnectionDto } from '../identity/identity.dto.js';
import { InboxQueryDto } from '../inbox/inbox.dto.js';
import { ConversationAccess } from './conversation-access.js';
import { ChangeConversationCommand, type ConversationChange } from './conversation.commands.js';
import { ConversationReaders } from './conversation-readers.js';
import {
  AccessAtQueryDto,
  AssignDto,
  ConversationDto,
  ConversationPageDto,
  ConversationReadersDto,
  ConversationTagDto,
  MessagePageDto,
  PostedMessageDto,
  PostMessageDto,
} from './conversations.dto.js';

/**
 * Conversations, for the staff who may read them (the links' owners, owning
 * teams and members; everyone for links without an owner and for
 * invitations; whoever is already in one). Anything else answers 404.
 */
@ApiTags('conversations')
@ApiBearerAuth()
@Controller('v1/conversations')
export class ConversationsController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(ConversationAccess) private readonly access: ConversationAccess,
    @Inject(ConversationReaders) private readonly readers: ConversationReaders,
    private readonly commands: CommandBus,
  ) {}

  private async dtos(caller: AuthContext, docs: readonly ConversationDoc[]): Promise<ConversationDto[]> {
    const rows = await inboxRows(this.readModels, caller.practiceId, caller.staffId, docs);
    return rows.map(({ item, connection }, i) => {
      const doc = docs[i];
      return {
        id: item.id,
        linkId: doc.linkId,
        link: item.link,
        via: item.via,
        tags: item.tags,
        assignee: item.assignee,
        inbox: doc.assigneeKey ?? 'main',
        status: item.status,
        patient: connection && patientConnectionDto(connection),
        identityStatus: item.identityStatus,
        identityNotice: identityNotice(item.identityStatus),
        lastMessage: item.lastMessage,
        unread: item.unread,
        startedAt: item.startedAt,
        activityAt: item.activityAt,
      };
    });
  }

  private async change(change: ConversationChange, caller: AuthContext, context: CommandContext) {
    return this.commands.execute(new ChangeConversationCommand(change, caller, context));
  }

  private async result(change: ConversationChange, caller: AuthContext, context: CommandContext) {
    return { position: positionText((await this.change(change, caller, context)).position) };
  }

  @RecordsPersonalDataRead('conversation')
  @Get()
  @ApiOperation({
    summary:
      'Conversations you may read, latest activity first, with the patient; the same views and filters as /v1/inbox (default view: all)',
  })
  @ApiOkResponse({ type: ConversationPageDto })
  async list(@Caller() caller: AuthContext, @Query() query: InboxQueryDto): Promise<ConversationPageDto> {
    const page = await listInbox(
      this.readModels,
      await this.access.readable(caller),
      inboxWhere(caller.practiceId, caller.staffId, {
        view: parseInboxView(query.view ?? 'all'),
        status: query.status ?? 'open',
        tags: query.tag,
        linkId: query.linkId,
      }),
      { limit: query.limit ?? 50, cursor: query.cursor },
    );
    return { items: await this.dtos(caller, page.items), nextCursor: page.nextCursor };
  }

  @RecordsPersonalDataRead('conversation')
  @Get(':conversationId')
  @ApiOperation({ summary: 'One conversation, with what matched and what did not against your records' })
  @ApiOkResponse({ type: ConversationDto })
  async get(@Caller() caller: AuthContext, @Param('conversationId') conversationId: string): Promise<ConversationDto> {
    const doc = await this.access.requireReadable(caller, conversationId);
    return (await this.dtos(caller, [doc]))[0];
  }

  @RecordsPersonalDataRead('messages')
  @Get(':conversationId/messages')
  @ApiOperation({ summary: 'Messages, oldest first' })
  @ApiOkResponse({ type: MessagePageDto })
  async messages(
    @Caller() caller: AuthContext,
    @Param('conversationId') conversationId: string,
    @Query() query: PageQueryDto,
  ): Promise<MessagePageDto> {
    const doc = await this.access.requireReadable(caller, conversationId);
    const page = await listMessages(this.readModels, doc.id, { limit: query.limit ?? 50, cursor: query.cursor });
    const staffIds = page.items.flatMap((m) => (m.author.type === 'staff' ? [m.author.id] : []));
    const names = await staffNames(this.readModels, caller.practiceId, staffIds);
    const connection = await getConnection(this.readModels, caller.practiceId, doc.patientId);
    return {
      items: page.items.map((m) => ({
        id: m.id,
        author: {
          ...m.author,
          name: m.author.type === 'staff' ? (names.get(m.author.id) ?? null) : (connection?.account.name ?? null),
        },
        text: m.text,
        postedAt: m.postedAt,
      })),
      nextCursor: page.nextCursor,
    };
  }

  @Post(':conversationId/messages')
  @ApiOperation({ summary: "Write to the patient, from the conversation's link; you are then in the conversation" })
  @ApiCreatedResponse({ type: PostedMessageDto })
  async post(
    @Caller() caller: AuthContext,
    @Param('conversationId') conversationId: string,
    @Body() body: PostMessageDto,
    @CommandCtx() context: CommandContext,
  ): Promise<PostedMessageDto> {
    const { messageId, position } = await this.change(
      { type: 'PostStaffMessage', conversationId, text: body.text },
      caller,
      context,
    );
    return { id: messageId!, position: positionText(position) };
  }

  @Put(':conversationId/assignee')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Assign to a staff member ("Mine") or a team ("Assigned to <team>"): out of the main inbox; the assignee (the team\'s members now) join the conversation',
  })
  @ApiOkResponse({ type: CommandResultDto })
  async assign(
    @Caller() caller: AuthContext,
    @Param('conversationId') conversationId: string,
    @Body() body: AssignDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    const assignee = { type: body.assignee.type, id: body.assignee.id };
    return this.result({ type: 'AssignConversation', conversationId, assignee }, caller, context);
  }

  @Delete(':conversationId/assignee')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unassign: back to the main inbox' })
  @ApiOkResponse({ type: CommandResultDto })
  async unassign(
    @Caller() caller: AuthContext,
    @Param('conversationId') conversationId: string,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return this.result({ type: 'UnassignConversation', conversationId }, caller, context);
  }

  @Post(':conversationId/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive (a new patient message reopens it)' })
  @ApiOkResponse({ type: CommandResultDto })
  async archive(
    @Caller() caller: AuthContext,
    @Param('conversationId') conversationId: string,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return this.result({ type: 'ArchiveConversation', conversationId }, caller, context);
  }

  @Post(':conversationId/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen an archived conversation' })
  @ApiOkResponse({ type: CommandResultDto })
  async reopen(
    @Caller() caller: AuthContext,
    @Param('conversationId') conversationId: string,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return this.result({ type: 'ReopenConversation', conversationId }, caller, context);
  }

  @Post(':conversationId/tags')
  @HttpCode(200)
  @ApiOperation({ summary: 'Tag the conversation (no change when it already has the tag, case ignored)' })
  @ApiOkResponse({ type: CommandResultDto })
  async tag(
    @Caller() caller: AuthContext,
    @Param('conversationId') conversationId: string,
    @Body() body: ConversationTagDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return this.result({ type: 'TagConversation', conversationId, tag: body.tag }, caller, context);
  }

  @Delete(':conversationId/tags/:tag')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a tag from the conversation' })
  @ApiOkResponse({ type: CommandResultDto })
  async untag(
    @Caller() caller: AuthContext,
    @Param('conversationId') conversationId: string,
    @Param('tag') tag: string,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return this.result({ type: 'UntagConversation', conversationId, tag }, caller, context);
  }

  @Post(':conversationId/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark everything in it read, for you' })
  @ApiOkResponse({ type: CommandResultDto })
  async read(
    @Caller() caller: AuthContext,
    @Param('conversationId') conversationId: string,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return this.result({ type: 'MarkConversationRead', conversationId }, caller, context);
  }

  @Get(':conversationId/access')
  @ApiOperation({
    summary:
      'Admins: who could read this conversation at a moment (?at=, default now) and why — from the history of link owners, members and teams',
  })
  @ApiOkResponse({ type: ConversationReadersDto })
  accessAt(
    @Caller() caller: AuthContext,
    @Param('conversationId') conversationId: string,
    @Query() query: AccessAtQueryDto,
  ): Promise<ConversationReadersDto> {
    return this.readers.at(caller.practiceId, conversationId, query.at);
  }
}
