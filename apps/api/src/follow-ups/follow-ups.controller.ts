import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listFollowUps, type FollowUpDoc } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import { type AuthContext, type CommandContext, READ_MODELS } from '@pi/application';
import { Caller } from '../auth/decorators.js';
import { CommandCtx } from '../http/command-context.decorator.js';
import { CommandResultDto, positionText } from '../http/command-result.js';
import { InviteResultDto } from '../invitations/invitations.dto.js';
import { inviteResultDto } from '../invitations/invitations.controller.js';
import { FollowUpDto, FollowUpPageDto, ListFollowUpsQueryDto } from './follow-ups.dto.js';
import { MarkFollowUpDoneCommand, ReinviteCommand } from './follow-ups.commands.js';

const followUpDto = (doc: FollowUpDoc): FollowUpDto => {
  const { invitationId, contactId, status, reminders, handedOffAt, outcome, closedAt, closedBy } = doc;
  return { invitationId, contactId, status, reminders, handedOffAt, outcome, closedAt, closedBy };
};

/**
 * Invitations that expired after their reminders went unanswered: the
 * automatic follow-up is over, a person takes it from here (a call, or a
 * re-invite). Open ones are counted beside the inbox counts.
 */
@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('v1/follow-ups')
export class FollowUpsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Follow-ups (open by default, or done), most recent hand-off first' })
  @ApiOkResponse({ type: FollowUpPageDto })
  async list(@Caller() caller: AuthContext, @Query() query: ListFollowUpsQueryDto): Promise<FollowUpPageDto> {
    const page = await listFollowUps(this.readModels, caller.practiceId, {
      status: query.status ?? 'open',
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
    return { items: page.items.map(followUpDto), nextCursor: page.nextCursor };
  }

  @Post(':invitationId/done')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a follow-up done (marking it again changes nothing)' })
  @ApiOkResponse({ type: CommandResultDto })
  async done(
    @Param('invitationId') invitationId: string,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    const { position } = await this.commands.execute(new MarkFollowUpDoneCommand(invitationId, context));
    return { position: positionText(position) };
  }

  @Post(':invitationId/reinvite')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Re-invite: the invitation is sent again (new token, new window, its reminders anew) and the follow-up closes as re-invited',
  })
  @ApiOkResponse({ type: InviteResultDto })
  async reinvite(
    @Param('invitationId') invitationId: string,
    @CommandCtx() context: CommandContext,
  ): Promise<InviteResultDto> {
    return inviteResultDto(await this.commands.execute(new ReinviteCommand(invitationId, context)));
  }
}
