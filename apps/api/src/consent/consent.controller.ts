import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { consentHistoryOf } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { FastifyReply } from 'fastify';
import {
  AddressHashes,
  type AuthContext,
  type CommandContext,
  CommandExecutor,
  EmailConsent,
  READ_MODELS,
  SmsConsent,
} from '@pi/application';
import { Caller } from '../auth/decorators.js';
import { CommandCtx } from '../http/command-context.decorator.js';
import { CommandResultDto, positionText } from '../http/command-result.js';
import { csvOf, sendCsv } from '../http/csv.js';
import { consentAddressOf } from './consent-address.js';
import { ConsentHistoryDto, ConsentQueryDto, RecordRevocationDto } from './consent.dto.js';

const CSV_COLUMNS = [
  'channel',
  'addressHash',
  'change',
  'at',
  'via',
  'keyword',
  'wording',
  'recordedBy',
  'messagesAfter',
];

/**
 * Consent to message one address, per practice: every opt-in (the sign-up's
 * consent with its words, START) and opt-out (STOP and its synonyms, an
 * email's unsubscribe, a revocation staff recorded), with who recorded it.
 */
@ApiTags('consent')
@ApiBearerAuth()
@Controller('v1/consent')
export class ConsentController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(SmsConsent) private readonly sms: SmsConsent,
    @Inject(EmailConsent) private readonly email: EmailConsent,
    @Inject(AddressHashes) private readonly hashes: AddressHashes,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The consent history of one phone or email at this practice (json, or csv to export it)',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ConsentHistoryDto })
  async history(
    @Caller() caller: AuthContext,
    @Query() query: ConsentQueryDto,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const address = await consentAddressOf(query, this.executor, caller.practiceId);
    const [channel, hash] =
      'phone' in address
        ? (['sms', this.hashes.phone(address.phone)] as const)
        : (['email', this.hashes.email(address.email)] as const);
    const doc = await consentHistoryOf(this.readModels, caller.practiceId, channel, hash);
    const history: ConsentHistoryDto = doc
      ? { channel, addressHash: hash.keyed, optedOut: doc.optedOut, entries: doc.entries }
      : { channel, addressHash: hash.keyed, optedOut: false, entries: [] };
    response.header('Cache-Control', 'no-store');
    if ((query.format ?? 'json') === 'json') {
      response.send(history);
      return;
    }
    sendCsv(
      response,
      `consent_${history.channel}_${history.addressHash}.csv`,
      csvOf(CSV_COLUMNS, history.entries, (entry) => [
        history.channel,
        history.addressHash,
        entry.change,
        entry.at,
        entry.via,
        entry.keyword ?? '',
        entry.wording ?? '',
        entry.recordedBy,
        (entry.messagesAfter ?? []).map((m) => `${m.at} ${m.invitationId}`).join('; '),
      ]),
    );
  }

  @Post('revocations')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record a revocation the patient made some other way (a call: "please stop texting me"): honoured at once, like STOP or an unsubscribe',
  })
  @ApiOkResponse({ type: CommandResultDto })
  async revoke(@Body() body: RecordRevocationDto, @CommandCtx() context: CommandContext): Promise<CommandResultDto> {
    const address = await consentAddressOf(body, this.executor, context.practiceId);
    const note = body.note?.trim() || null;
    const { position } =
      'phone' in address
        ? await this.sms.revokeByStaff(context.practiceId, address.phone, note, context)
        : await this.email.optOut(context.practiceId, address.email, 'staff', note, context);
    return { position: positionText(position) };
  }
}
