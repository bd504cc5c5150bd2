import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandCtx } from '../http/command-context.decorator.js';
import { positionText } from '../http/command-result.js';
import { AuditChainHeads, type CommandContext, type RecordedHead } from '@pi/application';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/chain-heads')
export class AuditChainHeadsController {
  constructor(@Inject(AuditChainHeads) private readonly heads: AuditChainHeads) {}

  @Get()
  @ApiOperation({
    summary: "The identity audit's signed chain heads recorded in the log, each checked against the history now",
    description:
      'One head a day (and one per request below). `matches: false` says the history up to that head was ' +
      'changed, removed from or added to since it was recorded; `signatureValid` checks it with the audit key.',
  })
  @ApiOkResponse({
    description: '{ heads: [{ records, throughSeq, head, recordedAt, keyId, signatureValid, matches, reason }] }',
  })
  async list(@CommandCtx() context: CommandContext): Promise<{ heads: RecordedHead[] }> {
    return { heads: await this.heads.check(context.practiceId) };
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: "Record the identity audit's chain head now (signed), beside the daily one" })
  @ApiOkResponse({ description: '{ records, throughSeq, head, position }' })
  async record(
    @CommandCtx() context: CommandContext,
  ): Promise<{ records: number; throughSeq: number; head: string; position: string | null }> {
    const { head, position } = await this.heads.record(context.practiceId, context);
    return { ...head, position: positionText(position) };
  }
}
