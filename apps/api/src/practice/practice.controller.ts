import { Body, Controller, Get, Put } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { getPracticeProfile } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import {
  type AuthContext,
  ChangeInviteSettingsCommand,
  type CommandContext,
  READ_MODELS,
  UpdatePracticeProfileCommand,
} from '@pi/application';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEFAULT_TEMPLATE, DEFAULT_TIME_ZONE, PracticeNotFound } from '@pi/domain';
import { Caller } from '../auth/decorators.js';
import { CommandCtx } from '../http/command-context.decorator.js';
import { CommandResultDto, positionText } from '../http/command-result.js';
import {
  InviteSettingsDto,
  InviteSettingsViewDto,
  PracticeProfileDto,
  UpdatePracticeProfileDto,
} from './practice.dto.js';

@ApiTags('practice')
@ApiBearerAuth()
@Controller('v1/practice')
export class PracticeController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    private readonly commands: CommandBus,
  ) {}

  @Get('profile')
  @ApiOperation({ summary: "The practice's public profile, as shown on every link's landing page" })
  @ApiOkResponse({ type: PracticeProfileDto })
  async profile(@Caller() caller: AuthContext): Promise<PracticeProfileDto> {
    const doc = await getPracticeProfile(this.readModels, caller.practiceId);
    if (!doc) throw new PracticeNotFound();
    const { practiceId, name, about, logoUrl, offerings, location, phone, defaultCountry, updatedAt } = doc;
    const timeZone = doc.timeZone ?? DEFAULT_TIME_ZONE;
    return { practiceId, name, about, logoUrl, offerings, location, phone, defaultCountry, timeZone, updatedAt };
  }

  @Get('invite-settings')
  @ApiOperation({
    summary:
      'How invitations go out: the default message, how many days a link stays valid, the reminders and the sending window',
  })
  @ApiOkResponse({ type: InviteSettingsViewDto })
  async inviteSettings(@Caller() caller: AuthContext): Promise<InviteSettingsViewDto> {
    const doc = await getPracticeProfile(this.readModels, caller.practiceId);
    if (!doc) throw new PracticeNotFound();
    const { messageTemplate, expiryDays, reminderDays, sendingWindow } = doc.inviteSettings;
    return {
      messageTemplate,
      expiryDays,
      reminderDays: [...reminderDays],
      sendingWindow,
      timeZone: doc.timeZone ?? DEFAULT_TIME_ZONE,
      defaultTemplate: DEFAULT_TEMPLATE,
    };
  }

  @Put('invite-settings')
  @ApiOperation({
    summary: 'Change the default message, the validity in days, the reminders and/or the sending window (admins)',
  })
  @ApiOkResponse({ type: CommandResultDto })
  async changeInviteSettings(
    @Body() body: InviteSettingsDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    const { position } = await this.commands.execute(new ChangeInviteSettingsCommand(body, context));
    return { position: positionText(position) };
  }

  @Put('profile')
  @ApiOperation({ summary: 'Update the public profile (admins). Fields left out keep their value; null clears one.' })
  @ApiOkResponse({ type: CommandResultDto })
  async updateProfile(
    @Body() body: UpdatePracticeProfileDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    const { position } = await this.commands.execute(new UpdatePracticeProfileCommand(body, context));
    return { position: positionText(position) };
  }
}
