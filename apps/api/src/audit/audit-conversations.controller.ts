import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '@pi/application';
import { Caller } from '../auth/decorators.js';
import { ConversationReaders } from '../conversations/conversation-readers.js';
import { AccessAtQueryDto, ConversationReadersDto } from '../conversations/conversations.dto.js';

/** Auditors: who could read a conversation on a date, and why; never its content. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/conversations')
export class AuditConversationsController {
  constructor(@Inject(ConversationReaders) private readonly readers: ConversationReaders) {}

  @Get(':conversationId/access')
  @ApiOperation({
    summary:
      'Who could read this conversation at a moment (?at=, default now) and why: owner, owning team member, link member, practice-wide, already in it',
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
