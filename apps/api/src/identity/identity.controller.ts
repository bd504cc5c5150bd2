import { RecordsPersonalDataRead } from '../audit/personal-data-reads.js';
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PatientNotFound } from '@pi/domain';
import { ConversationAccess } from '../conversations/conversation-access.js';
import { getConnection } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import { type AuthContext, type CommandContext, READ_MODELS } from '@pi/application';
import { Caller } from '../auth/decorators.js';
import { CommandCtx } from '../http/command-context.decorator.js';
import { CommandResultDto, positionText } from '../http/command-result.js';
import { IdentityDecisions } from './identity-decisions.js';
import {
  FlagMismatchDto,
  PatientConnectionDto,
  patientConnectionDto,
  RecordVerificationDto,
  ResolveMismatchDto,
} from './identity.dto.js';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('v1/patients/:patientId')
export class IdentityController {
  constructor(
    @Inject(IdentityDecisions) private readonly decisions: IdentityDecisions,
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(ConversationAccess) private readonly access: ConversationAccess,
  ) {}

  /** A patient whose conversations here the caller may not read does not exist for them. */
  private async requireReadable(caller: AuthContext, patientId: string): Promise<void> {
    if (!(await this.access.patientReadable(caller, patientId))) throw new PatientNotFound(patientId);
  }

  @RecordsPersonalDataRead('patient')
  @Get()
  @ApiOperation({
    summary:
      'A connected patient as this practice sees them: account phone and email, identity status, what matched, every staff decision',
  })
  @ApiOkResponse({ type: PatientConnectionDto })
  async get(@Caller() caller: AuthContext, @Param('patientId') patientId: string): Promise<PatientConnectionDto> {
    const doc = await getConnection(this.readModels, caller.practiceId, patientId);
    if (!doc) throw new PatientNotFound(patientId);
    await this.requireReadable(caller, patientId);
    return patientConnectionDto(doc);
  }

  @Post('identity/verifications')
  @ApiOperation({
    summary:
      'Record how you verified the patient (IdentityVerified → verified_by_staff). 409 while a mismatch is flagged.',
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  async verify(
    @Caller() caller: AuthContext,
    @Param('patientId') patientId: string,
    @Body() body: RecordVerificationDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    await this.requireReadable(caller, patientId);
    return {
      position: positionText((await this.decisions.verify(patientId, body.method, body.note ?? '', context)).position),
    };
  }

  @Post('identity/mismatches')
  @ApiOperation({
    summary: "Flag that the patient's details differ from your records (IdentityMismatchFlagged → mismatch_flagged)",
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  async flag(
    @Caller() caller: AuthContext,
    @Param('patientId') patientId: string,
    @Body() body: FlagMismatchDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    await this.requireReadable(caller, patientId);
    return {
      position: positionText((await this.decisions.flagMismatch(patientId, body.differs, body.note, context)).position),
    };
  }

  @Post('identity/mismatches/resolution')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Resolve the flagged mismatch (IdentityMismatchResolved): the status returns to what it was before the flag',
  })
  @ApiOkResponse({ type: CommandResultDto })
  async resolve(
    @Caller() caller: AuthContext,
    @Param('patientId') patientId: string,
    @Body() body: ResolveMismatchDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    await this.requireReadable(caller, patientId);
    return { position: positionText((await this.decisions.resolveMismatch(patientId, body.note, context)).position) };
  }
}
