import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { accessAuditPage, type AccessAuditDoc } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { FastifyReply } from 'fastify';
import { Caller } from '../auth/decorators.js';
import { type AuthContext, CLOCK, type Clock, READ_MODELS } from '@pi/application';
import { csvOf, sendCsv } from '../http/csv.js';
import { AccessAuditPageDto, AccessAuditQueryDto } from './audit-access.dto.js';
import { auditPeriodOf, practiceTimeZone } from './audit-period.js';

const CSV_COLUMNS = ['at', 'readerId', 'route', 'kind', 'subjectIds', 'patientIds', 'address'] as const;

/**
 * HIPAA 164.312(b): who read which patient's data, when and from where. Auditors
 * (their own practice only) list it by patient, reader and period, in JSON
 * pages or as one CSV file. Ids and addresses only, never a value.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/access')
export class AuditAccessController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Reads of personal data: by patient, by staff member, in a period (json pages or csv)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AccessAuditPageDto })
  async list(
    @Caller() caller: AuthContext,
    @Query() query: AccessAuditQueryDto,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const filter = {
      patientId: query.patientId,
      staffId: query.staffId,
      ...auditPeriodOf(query, this.clock.now(), await practiceTimeZone(this.readModels, caller.practiceId)),
    };
    response.header('Cache-Control', 'no-store');
    if ((query.format ?? 'json') === 'json') {
      const page = await accessAuditPage(this.readModels, caller.practiceId, {
        ...filter,
        limit: query.limit ?? 100,
        cursor: query.cursor,
      });
      response.send({ items: page.items.map(record), nextCursor: page.nextCursor } satisfies AccessAuditPageDto);
      return;
    }
    const rows: AccessAuditDoc[] = [];
    for (let cursor: string | null = null; ;) {
      const page = await accessAuditPage(this.readModels, caller.practiceId, { ...filter, limit: 1000, cursor });
      rows.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    sendCsv(response, `access-audit_${filter.from.slice(0, 10)}_${filter.to.slice(0, 10)}.csv`, toCsv(rows));
  }
}

function record(doc: AccessAuditDoc) {
  const { id, at, readerId, route, kind, subjectIds, patientIds, address } = doc;
  return { id, at, readerId, route, kind, subjectIds, patientIds, address };
}

/** Ids, routes and addresses hold no comma or quote, but are quoted as a spreadsheet would be anyway. */
const toCsv = (rows: readonly AccessAuditDoc[]) =>
  csvOf(CSV_COLUMNS, rows, (doc) => [
    doc.at,
    doc.readerId,
    doc.route,
    doc.kind,
    doc.subjectIds.join(' '),
    doc.patientIds.join(' '),
    doc.address ?? '',
  ]);
