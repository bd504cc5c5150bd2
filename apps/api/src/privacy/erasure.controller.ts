import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandCtx } from '../http/command-context.decorator.js';
import { positionText } from '../http/command-result.js';
import type { CommandContext } from '@pi/application';
import { EraseDto, ErasedDto } from './erasure.dto.js';
import { PersonalDataEraser, type Erased } from './personal-data-eraser.js';

const answer = (erased: Erased): ErasedDto => ({ erasedAt: erased.erasedAt, position: positionText(erased.position) });

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('v1')
export class ErasureController {
  constructor(@Inject(PersonalDataEraser) private readonly eraser: PersonalDataEraser) {}

  @Post('contacts/:contactId/erase')
  @HttpCode(200)
  @ApiOperation({
    summary: "Erase a contact's personal data (admins; a contact who never connected)",
    description:
      'Destroys the key its name, phone and email (and its invitations’ copies) were sealed with: they read as ' +
      '"[erased]" everywhere, also after a rebuild, while its status, invitations and counts stay. A connected ' +
      "contact is erased with the patient's account (409 contact-connected). Sending it again changes nothing.",
  })
  @ApiOkResponse({ type: ErasedDto })
  async eraseContact(
    @Param('contactId') contactId: string,
    @Body() body: EraseDto,
    @CommandCtx() context: CommandContext,
  ): Promise<ErasedDto> {
    return answer(
      await this.eraser.eraseContact(contactId, { reason: body.reason, reference: body.reference ?? null }, context),
    );
  }

  @Post('patients/:patientId/erase')
  @HttpCode(200)
  @ApiOperation({
    summary: "Erase a patient account's personal data (operators of the platform)",
    description:
      'Destroys the keys of the account, of the phone verifications that proved it and of the contacts the ' +
      "practices paired with it. The identity audit keeps every decision's facts (who, what, when, evidence hash). " +
      'The practices’ conversations are their record of care and stay (docs/privacy.md).',
  })
  @ApiOkResponse({ type: ErasedDto })
  async erasePatient(
    @Param('patientId') patientId: string,
    @Body() body: EraseDto,
    @CommandCtx() context: CommandContext,
  ): Promise<ErasedDto> {
    return answer(
      await this.eraser.erasePatient(patientId, { reason: body.reason, reference: body.reference ?? null }, context),
    );
  }
}
