import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PatientNotFound } from '@pi/domain';
import { auditPeriod, chainExport, exportToCsv, patientAuditHistory } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { FastifyReply } from 'fastify';
import { CommandCtx } from '../http/command-context.decorator.js';
import { AuditSigningKey, CLOCK, type Clock, type CommandContext, READ_MODELS } from '@pi/application';
import { AuditReads } from './audit-reads.js';
import { auditPeriodOf, practiceTimeZone } from './audit-period.js';
import { AuditExportQueryDto } from './audit.dto.js';

/**
 * HIPAA 164.312(b): the auditors' tools. Only the `auditor` role reads them,
 * only for its own practice, and every read is itself recorded.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/identity')
export class AuditController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(AuditReads) private readonly reads: AuditReads,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AuditSigningKey) private readonly signingKey: AuditSigningKey,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Export a period (json or csv). Each record carries the hash of the one before; `npm run audit:verify -- <file>` checks the chain.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'The chained export' })
  async export(
    @Query() query: AuditExportQueryDto,
    @CommandCtx() context: CommandContext,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const now = this.clock.now();
    const period = auditPeriodOf(query, now, await practiceTimeZone(this.readModels, context.practiceId));
    const records = await auditPeriod(this.readModels, context.practiceId, period.from, period.to);
    const format = query.format ?? 'json';
    await this.reads.record({ patientId: null, period, format, records: records.length }, context);
    const rows = chainExport(context.practiceId, period, now.toISOString(), records, this.signingKey);
    const name = `identity-audit_${period.from.slice(0, 10)}_${period.to.slice(0, 10)}.${format}`;
    response.header('Content-Disposition', `attachment; filename="${name}"`);
    response.header('Cache-Control', 'no-store');
    if (format === 'csv') {
      response.status(200).type('text/csv; charset=utf-8').send(exportToCsv(rows));
      return;
    }
    response.status(200).send({
      practiceId: context.practiceId,
      ...period,
      generatedAt: now.toISOString(),
      algorithm: 'sha256',
      signature: { algorithm: 'Ed25519', keyId: this.signingKey.keyId, publicKey: '/v1/audit/public-key' },
      records: rows,
    });
  }

  @Get(':patientId')
  @ApiOperation({
    summary:
      'How a patient was paired with the practice and every verification decision and contact-detail change: who, what, when, how, with evidence hashes, in order, with the identity status as it stood after each',
  })
  async history(@Param('patientId') patientId: string, @CommandCtx() context: CommandContext): Promise<object> {
    const records = await patientAuditHistory(this.readModels, context.practiceId, patientId);
    const decisive = records.filter((r) => r.type !== 'IdentityAuditRead');
    if (decisive.length === 0) throw new PatientNotFound(patientId);
    await this.reads.record({ patientId, period: null, format: 'json', records: records.length }, context);
    let status: string | null = null;
    return {
      patientId,
      practiceId: context.practiceId,
      records: records.map((record) => {
        status = record.identityStatus ?? status;
        return {
          seq: record.seq,
          at: record.at,
          type: record.type,
          actor: record.actor,
          summary: record.summary,
          identityStatusAfter: status,
          evidence: record.evidence,
          details: record.details,
        };
      }),
    };
  }
}
