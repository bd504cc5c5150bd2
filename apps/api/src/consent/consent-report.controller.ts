import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { revocationsIn } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { FastifyReply } from 'fastify';
import { type AuthContext, CLOCK, type Clock, READ_MODELS } from '@pi/application';
import { Caller } from '../auth/decorators.js';
import { auditPeriodOf, practiceTimeZone } from '../audit/audit-period.js';
import { csvOf, sendCsv } from '../http/csv.js';
import { ConsentReportDto, ConsentReportQueryDto } from './consent.dto.js';

const RULE =
  'TCPA revocation (47 CFR 64.1200(a)(10), FCC 24-18): honoured within 10 business days at most; this service stops at once.';
const CSV_COLUMNS = [
  'channel',
  'addressHash',
  'receivedAt',
  'via',
  'keyword',
  'recordedBy',
  'optedInAgainAt',
  'messagesAfter',
];

/**
 * For auditors: every revocation of consent the practice received in a
 * period, when it was received, and what was sent to that address after it
 * (nothing, when honoured: this service stops at once).
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/consent-report')
export class ConsentReportController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Revocations of consent in a period, each with the messages sent after it (json, or csv to export)',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ConsentReportDto })
  async report(
    @Caller() caller: AuthContext,
    @Query() query: ConsentReportQueryDto,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const period = auditPeriodOf(query, this.clock.now(), await practiceTimeZone(this.readModels, caller.practiceId));
    const revocations = await revocationsIn(this.readModels, caller.practiceId, period);
    const notHonoured = revocations.filter((r) => r.messagesAfter.length > 0).length;
    response.header('Cache-Control', 'no-store');
    if ((query.format ?? 'json') === 'json') {
      response.send({ ...period, revocations, notHonoured, rule: RULE } satisfies ConsentReportDto);
      return;
    }
    sendCsv(
      response,
      `consent-report_${period.from.slice(0, 10)}_${period.to.slice(0, 10)}.csv`,
      csvOf(CSV_COLUMNS, revocations, (r) => [
        r.channel,
        r.addressHash,
        r.receivedAt,
        r.via,
        r.keyword ?? '',
        r.recordedBy,
        r.optedInAgainAt ?? '',
        r.messagesAfter.map((m) => `${m.at} ${m.invitationId}`).join('; '),
      ]),
    );
  }
}
