import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConversationNotFound, identityNotice } from '@pi/domain';
import {
  conversationsProjection,
  getConnection,
  getConversation,
  listConversations,
  patientConnectionsProjection,
  type ConversationDoc,
} from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { AuthContext } from '../auth/auth-context.js';
import { Caller } from '../auth/decorators.js';
import { PageQueryDto } from '../http/pagination.dto.js';
import { ReadsFrom } from '../http/reads-from.decorator.js';
import { READ_MODELS } from '../infrastructure/tokens.js';
import { patientConnectionDto } from '../identity/identity.dto.js';
import { ConversationDto, ConversationPageDto } from './conversations.dto.js';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('v1/conversations')
export class ConversationsController {
  constructor(@Inject(READ_MODELS) private readonly readModels: ProjectionEngine) {}

  private async dto(doc: ConversationDoc): Promise<ConversationDto> {
    const connection = await getConnection(this.readModels, doc.practiceId, doc.patientId);
    const status = connection?.identityStatus ?? 'unverified_link';
    return {
      id: doc.id,
      linkId: doc.linkId,
      via: doc.via,
      tags: doc.tags,
      assignee: doc.assignee,
      inbox: doc.assignee ? `${doc.assignee.type}:${doc.assignee.id}` : 'main',
      patient: connection && patientConnectionDto(connection),
      identityStatus: status,
      identityNotice: identityNotice(status),
      startedAt: doc.startedAt,
    };
  }

  @Get()
  @ReadsFrom(conversationsProjection.name, patientConnectionsProjection.name)
  @ApiOperation({
    summary:
      'Conversations, newest first, with link, tags, assignee, patient and identity status (inbox filters come later)',
  })
  @ApiOkResponse({ type: ConversationPageDto })
  async list(@Caller() caller: AuthContext, @Query() query: PageQueryDto): Promise<ConversationPageDto> {
    const page = await listConversations(this.readModels, caller.practiceId, {
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
    return { items: await Promise.all(page.items.map((doc) => this.dto(doc))), nextCursor: page.nextCursor };
  }

  @Get(':conversationId')
  @ReadsFrom(conversationsProjection.name, patientConnectionsProjection.name)
  @ApiOperation({ summary: 'One conversation, with what matched and what did not against your records' })
  @ApiOkResponse({ type: ConversationDto })
  async get(@Caller() caller: AuthContext, @Param('conversationId') conversationId: string): Promise<ConversationDto> {
    const doc = await getConversation(this.readModels, caller.practiceId, conversationId);
    if (!doc) throw new ConversationNotFound(conversationId);
    return this.dto(doc);
  }
}
