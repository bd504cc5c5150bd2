import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvitationNotFound } from '@pi/domain';
import { getInvitation, listContacts, listInvitations, type InvitationDoc } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import { Inject } from '@nestjs/common';
import { type AuthContext, type CommandContext, READ_MODELS } from '@pi/application';
import { Caller } from '../auth/decorators.js';
import { CommandCtx } from '../http/command-context.decorator.js';
import { CommandResultDto, positionText } from '../http/command-result.js';
import { Idempotent } from '../http/idempotency.interceptor.js';
import { BulkInviteCommand } from './bulk-invite.js';
import {
  ResendInviteCommand,
  RevokeInviteCommand,
  SendInviteCommand,
  type InviteResult,
} from './invitations.commands.js';
import {
  BulkInviteDto,
  BulkResultDto,
  InvitationDto,
  InvitationPageDto,
  InviteResultDto,
  ListInvitationsQueryDto,
  SendInviteDto,
} from './invitations.dto.js';

export function invitationDto(doc: InvitationDoc): InvitationDto {
  const {
    id,
    contactId,
    linkId,
    status,
    progress,
    channels,
    deliveries,
    sends,
    reminders,
    heldUntil,
    lastSentAt,
    expiresAt,
    openedAt,
    timeline,
  } = doc;
  return {
    id,
    contactId,
    linkId,
    status,
    progress,
    channels,
    deliveries,
    sends,
    reminders,
    heldUntil,
    lastSentAt,
    expiresAt,
    openedAt,
    timeline,
  };
}

export const inviteResultDto = (r: InviteResult): InviteResultDto => ({
  id: r.invitationId,
  contactId: r.contactId,
  channels: r.channels,
  position: positionText(r.position),
  warnings: r.warnings,
});

@ApiTags('invitations')
@ApiBearerAuth()
@Controller('v1/invitations')
export class InvitationsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
  ) {}

  @Post()
  @Idempotent()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried request with the same key gets the first answer and sends nothing twice',
  })
  @ApiOperation({
    summary:
      'Invite an existing contact (contactId) or a new patient (contact). SMS when a phone is known, email when an email is; neither → 422. Delivery runs behind: watch the invitation’s progress.',
  })
  @ApiCreatedResponse({ type: InviteResultDto })
  async invite(@Body() body: SendInviteDto, @CommandCtx() context: CommandContext): Promise<InviteResultDto> {
    return inviteResultDto(await this.commands.execute(new SendInviteCommand(body, context)));
  }

  @Post('bulk')
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Invite up to 1,000 contacts, or everyone not yet invited / everyone pending; an answer per contact. Send Idempotency-Key to make a retry safe.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried request with the same key gets the first answer and sends nothing twice',
  })
  @ApiOkResponse({ type: BulkResultDto })
  async bulk(@Body() body: BulkInviteDto, @CommandCtx() context: CommandContext): Promise<BulkResultDto> {
    const { results, position } = await this.commands.execute(new BulkInviteCommand(body, context));
    const skipped = results.filter((r) => r.outcome === 'skipped').length;
    return { results, sent: results.length - skipped, skipped, position: positionText(position) };
  }

  @Get()
  @ApiOperation({
    summary: 'Invitations by status (pending: invited, not yet accepted, not expired or revoked), newest send first',
  })
  @ApiOkResponse({ type: InvitationPageDto })
  async list(@Caller() caller: AuthContext, @Query() query: ListInvitationsQueryDto): Promise<InvitationPageDto> {
    // A tag names contacts: narrow to theirs (the first 5,000 tagged contacts).
    const contactIds = query.tag
      ? (await listContacts(this.readModels, caller.practiceId, { tag: query.tag, limit: 5000 })).items.map((c) => c.id)
      : undefined;
    const page = await listInvitations(this.readModels, caller.practiceId, {
      status: query.status ?? 'pending',
      linkId: query.linkId,
      contactIds,
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
    return { items: page.items.map(invitationDto), nextCursor: page.nextCursor };
  }

  @Get(':invitationId')
  @ApiOkResponse({ type: InvitationDto })
  async get(@Caller() caller: AuthContext, @Param('invitationId') invitationId: string): Promise<InvitationDto> {
    const doc = await getInvitation(this.readModels, caller.practiceId, invitationId);
    if (!doc) throw new InvitationNotFound(invitationId);
    return invitationDto(doc);
  }

  @Post(':invitationId/resend')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Resend with a new token (the old link stops working) and a new 30-day window; at most 5 sends per contact per 24 h (429 with Retry-After).',
  })
  @ApiOkResponse({ type: InviteResultDto })
  async resend(
    @Param('invitationId') invitationId: string,
    @CommandCtx() context: CommandContext,
  ): Promise<InviteResultDto> {
    return inviteResultDto(await this.commands.execute(new ResendInviteCommand(invitationId, context)));
  }

  @Post(':invitationId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke: the link in it stops counting as this invitation, and it leaves the pending list' })
  @ApiOkResponse({ type: CommandResultDto })
  async revoke(
    @Param('invitationId') invitationId: string,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return {
      position: positionText((await this.commands.execute(new RevokeInviteCommand(invitationId, context))).position),
    };
  }
}
