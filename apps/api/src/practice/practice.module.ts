import { Module } from '@nestjs/common';
import { PracticeController } from './practice.controller.js';
import {
  ChangeInviteSettingsHandler,
  RegisterPracticeHandler,
  UpdatePracticeProfileHandler,
} from './practice.commands.js';
import { GetPracticeProfileHandler } from './practice.queries.js';

@Module({
  controllers: [PracticeController],
  providers: [
    RegisterPracticeHandler,
    UpdatePracticeProfileHandler,
    ChangeInviteSettingsHandler,
    GetPracticeProfileHandler,
  ],
})
export class PracticeModule {}
