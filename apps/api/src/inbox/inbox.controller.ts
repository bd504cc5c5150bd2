import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  conversationChanges,
  countInbox,
  countOpenFollowUps,
  inboxFilterOf,
  inboxFiltersOf,
  inboxItems,
  inboxWhere,
  parseInboxView,
  listInbox,
  teamsProjection,
  type InboxFilter,
  type TeamDoc,
} from '@pi/projections';
import { InboxFilterNotFound } from '@pi/domain';
import { encodeCursor, type ProjectionEngine } from '@pi/read-store';
import { type AuthContext, type CommandContext, READ_MODELS } from '@pi/application';
import { Caller } from '../auth/decorators.js';
import { ConversationAccess } from '../conversations/conversation-access.js';
import { CommandCtx } from '../http/command-context.decorator.js';
import { CommandResultDto, CreatedResultDto, positionText } from '../http/command-result.js';
import { DeleteInboxFilterCommand, SaveInboxFilterCommand } from './inbox-filters.commands.js';
import {
  InboxChangesDto,
  InboxChangesQueryDto,
  InboxCountsDto,
  InboxFilterDto,
  InboxFilterListDto,
  InboxPageDto,
  InboxQueryDto,
  SaveInboxFilterDto,
  type InboxCountDto,
} from './inbox.dto.js';

/**
 * The staff inbox: views ("main", "Mine", "Assigned to <team>", all), tag and
 * link filters, counts, saved filters and a polling feed of changes. Every
 * query reads only conversations the caller may read (ConversationAccess).
 */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('v1/inbox')
export class InboxController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(ConversationAccess) private readonly access: ConversationAccess,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'An inbox view, latest activity first: main (unassigned), mine, team:<teamId>, all; with tag (repeatable) and linkId filters',
  })
  @ApiOkResponse({ type: InboxPageDto })
  async list(@Caller() caller: AuthContext, @Query() query: InboxQueryDto): Promise<InboxPageDto> {
    const filter: InboxFilter = {
      view: parseInboxView(query.view ?? 'main'),
      status: query.status ?? 'open',
      tags: query.tag,
      linkId: query.linkId,
    };
    const readable = await this.access.readable(caller);
    const page = await listInbox(this.readModels, readable, inboxWhere(caller.practiceId, caller.staffId, filter), {
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
    return {
      items: await inboxItems(this.readModels, caller.practiceId, caller.staffId, page.items),
      nextCursor: page.nextCursor,
    };
  }

  @Get('counts')
  @ApiOperation({
    summary:
      'Open and unread conversations per view (main, mine, all, each of your teams, each saved filter), and the open follow-ups',
  })
  @ApiOkResponse({ type: InboxCountsDto })
  async counts(@Caller() caller: AuthContext): Promise<InboxCountsDto> {
    const access = await this.access.state(caller);
    const teamIds = access.teamsOf(caller.staffId);
    const teams = await this.readModels.getMany<TeamDoc>(teamsProjection.name, teamIds);
    const filters = await inboxFiltersOf(this.readModels, caller.staffId);
    const views: { view: string; name: string | null; filter: InboxFilter }[] = [
      { view: 'main', name: null, filter: { view: { kind: 'main' }, status: 'open' } },
      { view: 'mine', name: null, filter: { view: { kind: 'mine' }, status: 'open' } },
      { view: 'all', name: null, filter: { view: { kind: 'all' }, status: 'open' } },
      ...teamIds.map((teamId): { view: string; name: string | null; filter: InboxFilter } => ({
        view: `team:${teamId}`,
        name: teams.get(teamId)?.name ?? null,
        filter: { view: { kind: 'team', teamId }, status: 'open' },
      })),
      ...filters.map((saved): { view: string; name: string | null; filter: InboxFilter } => ({
        view: `filter:${saved.id}`,
        name: saved.name,
        filter: {
          view: { kind: 'all' },
          status: 'open',
          tags: saved.tags,
          linkId: saved.linkId ?? undefined,
        },
      })),
    ];
    const counted: InboxCountDto[] = await Promise.all(
      views.map(async ({ view, name, filter }) => {
        const { total, unread } = await countInbox(
          this.readModels,
          access,
          caller.staffId,
          inboxWhere(caller.practiceId, caller.staffId, filter),
        );
        return { view, name, open: total, unread };
      }),
    );
    return { views: counted, followUps: await countOpenFollowUps(this.readModels, caller.practiceId) };
  }

  @Get('changes')
  @ApiOperation({
    summary:
      'What changed in the conversations you may read after the cursor (new messages, assignment, tags, archive): poll with the returned cursor',
  })
  @ApiOkResponse({ type: InboxChangesDto })
  async changes(@Caller() caller: AuthContext, @Query() query: InboxChangesQueryDto): Promise<InboxChangesDto> {
    const readable = await this.access.readable(caller);
    const page = await conversationChanges(this.readModels, readable, caller.practiceId, {
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
    const last = page.items.at(-1);
    const cursor = last
      ? encodeCursor({ value: last.updatedAt, id: last.id })
      : (query.cursor ?? encodeCursor({ value: '', id: '' }));
    return { items: await inboxItems(this.readModels, caller.practiceId, caller.staffId, page.items), cursor };
  }

  @Get('filters')
  @ApiOperation({ summary: 'Your saved inbox filters, by name' })
  @ApiOkResponse({ type: InboxFilterListDto })
  async filters(@Caller() caller: AuthContext): Promise<InboxFilterListDto> {
    const items = await inboxFiltersOf(this.readModels, caller.staffId);
    return { items: items.map(({ id, name, tags, linkId }) => ({ id, name, tags, linkId })) };
  }

  @Get('filters/:filterId')
  @ApiOperation({ summary: "One of your saved inbox filters (anyone else's answers 404)" })
  @ApiOkResponse({ type: InboxFilterDto })
  async filter(@Caller() caller: AuthContext, @Param('filterId') filterId: string): Promise<InboxFilterDto> {
    const saved = await inboxFilterOf(this.readModels, caller.staffId, filterId);
    if (!saved) throw new InboxFilterNotFound(filterId);
    return { id: saved.id, name: saved.name, tags: saved.tags, linkId: saved.linkId };
  }

  @Post('filters')
  @ApiOperation({ summary: 'Save a filter of your own: conversations with these tags and/or through this link' })
  @ApiCreatedResponse({ type: CreatedResultDto })
  async saveFilter(
    @Caller() caller: AuthContext,
    @Body() body: SaveInboxFilterDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CreatedResultDto> {
    const { filterId, position } = await this.commands.execute(
      new SaveInboxFilterCommand(
        { name: body.name, tags: body.tags ?? [], linkId: body.linkId ?? null },
        caller,
        context,
      ),
    );
    return { id: filterId, position: positionText(position) };
  }

  @Delete('filters/:filterId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete one of your saved filters' })
  @ApiOkResponse({ type: CommandResultDto })
  async deleteFilter(
    @Caller() caller: AuthContext,
    @Param('filterId') filterId: string,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    const { position } = await this.commands.execute(new DeleteInboxFilterCommand(filterId, caller, context));
    return { position: positionText(position) };
  }
}
