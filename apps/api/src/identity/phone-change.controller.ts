import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest, FastifyReply } from 'fastify';
import type { AuthContext, CommandContext } from '@pi/application';
import { Caller } from '../auth/decorators.js';
import { CommandCtx } from '../http/command-context.decorator.js';
import { CommandResultDto, positionText } from '../http/command-result.js';
import { ProblemException } from '../http/problem.js';
import { detectEvidenceType, EVIDENCE_LIMIT_BYTES, EVIDENCE_TYPES, EvidenceStore } from './evidence-store.js';
import {
  EvidenceDto,
  FiledPhoneChangeDto,
  FilePhoneChangeDto,
  PhoneChangeCodeDto,
  ReviewDto,
} from './phone-change.dto.js';
import { PhoneChanges } from './phone-change.service.js';
import { PersonalDataReads, requestIdOf } from '../audit/personal-data-reads.js';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('v1')
export class PhoneChangeController {
  constructor(
    @Inject(PhoneChanges) private readonly changes: PhoneChanges,
    @Inject(EvidenceStore) private readonly evidence: EvidenceStore,
    @Inject(PersonalDataReads) private readonly reads: PersonalDataReads,
  ) {}

  @Post('evidence')
  @ApiOperation({
    summary: `Upload identity evidence (a face photo with a government ID): ${EVIDENCE_TYPES.join(', ')}, up to ${EVIDENCE_LIMIT_BYTES / 1024 / 1024} MB. Stored by its sha256, outside the event log.`,
  })
  @ApiConsumes(...EVIDENCE_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: EvidenceDto })
  async upload(@Req() request: FastifyRequest, @CommandCtx() context: CommandContext): Promise<EvidenceDto> {
    const bytes: unknown = request.body;
    if (!Buffer.isBuffer(bytes) || bytes.length === 0)
      throw ProblemException.of(
        415,
        'unsupported-media-type',
        `Send the file itself as the body, with Content-Type one of ${EVIDENCE_TYPES.join(', ')}.`,
      );
    const detected = detectEvidenceType(bytes);
    if (!detected)
      throw ProblemException.of(415, 'unsupported-evidence', `The file is not a ${EVIDENCE_TYPES.join(', ')} file.`);
    return this.changes.upload(bytes, detected, context);
  }

  @Get('evidence/:sha256')
  @ApiOperation({ summary: 'The evidence file, for the reviewer' })
  async download(
    @Caller() caller: AuthContext,
    @Param('sha256') sha256: string,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    // Only a file this practice uploaded; any other answers as if it did not exist.
    const bytes = (await this.changes.evidenceOf(caller.practiceId, sha256)) && (await this.evidence.get(sha256));
    if (!bytes) throw ProblemException.of(404, 'evidence-not-found', 'No evidence of this practice with this sha256.');
    // The file is streamed by hand, past the interceptors: its read is recorded here, before it leaves.
    await this.reads.record(
      {
        kind: 'evidence',
        route: 'GET /v1/evidence/:sha256',
        address: request.ip ?? null,
        caller,
        requestId: requestIdOf(request),
      },
      { subjectIds: [sha256], patientIds: [] },
    );
    sendEvidence(response, bytes);
  }

  @Post('patients/:patientId/phone-change-requests')
  @ApiOperation({
    summary:
      'File a phone-number change for a patient who lost their number: name, new phone, evidence hash. Staff edits of a contact never change the login phone; this does, once approved and verified.',
  })
  @ApiCreatedResponse({ type: FiledPhoneChangeDto })
  async file(
    @Caller() caller: AuthContext,
    @Param('patientId') patientId: string,
    @Body() body: FilePhoneChangeDto,
    @CommandCtx() context: CommandContext,
  ): Promise<FiledPhoneChangeDto> {
    const { requestId, position } = await this.changes.file(patientId, body, caller, context);
    return { id: requestId, position: positionText(position) };
  }

  @Get('phone-change-requests/:requestId')
  @ApiOperation({ summary: 'A phone change request and its history' })
  async get(@Caller() caller: AuthContext, @Param('requestId') requestId: string): Promise<object> {
    const { state, history } = await this.changes.get(requestId, caller);
    return { ...state, history };
  }

  @Get('phone-change-requests/:requestId/evidence')
  @ApiOperation({ summary: 'The evidence file a request cites, for the operator deciding it (operators)' })
  async requestEvidence(
    @Caller() caller: AuthContext,
    @Param('requestId') requestId: string,
    @Res() response: FastifyReply,
  ): Promise<void> {
    sendEvidence(response, await this.changes.evidenceFor(requestId, caller));
  }

  @Post('phone-change-requests/:requestId/approve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve after reviewing the evidence (operators of the platform): a code is texted to the new number',
  })
  @ApiOkResponse({ type: CommandResultDto })
  async approve(
    @Caller() caller: AuthContext,
    @Param('requestId') requestId: string,
    @Body() body: ReviewDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return {
      position: positionText((await this.changes.approve(requestId, body.reason ?? '', caller, context)).position),
    };
  }

  @Post('phone-change-requests/:requestId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject, with a reason (operators of the platform)' })
  @ApiOkResponse({ type: CommandResultDto })
  async reject(
    @Caller() caller: AuthContext,
    @Param('requestId') requestId: string,
    @Body() body: ReviewDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return {
      position: positionText((await this.changes.reject(requestId, body.reason ?? '', caller, context)).position),
    };
  }

  @Post('phone-change-requests/:requestId/code')
  @HttpCode(202)
  @ApiOperation({ summary: 'Text another code to the new number (at most once a minute, 5 an hour)' })
  async resendCode(
    @Caller() caller: AuthContext,
    @Param('requestId') requestId: string,
    @CommandCtx() context: CommandContext,
  ): Promise<{ status: string }> {
    await this.changes.resendCode(requestId, caller, context);
    return { status: 'code_sent' };
  }

  @Post('phone-change-requests/:requestId/verify')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The code the patient received on the new number (read out to support): the login phone changes (PatientPhoneChanged)',
  })
  @ApiOkResponse({ type: CommandResultDto })
  async verify(
    @Caller() caller: AuthContext,
    @Param('requestId') requestId: string,
    @Body() body: PhoneChangeCodeDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return { position: positionText((await this.changes.verify(requestId, body.code, caller, context)).position) };
  }
}

function sendEvidence(response: FastifyReply, bytes: Buffer): void {
  response
    .status(200)
    .headers({ 'Cache-Control': 'no-store', 'Content-Disposition': 'attachment' })
    .type(detectEvidenceType(bytes) ?? 'application/octet-stream')
    .send(bytes);
}
