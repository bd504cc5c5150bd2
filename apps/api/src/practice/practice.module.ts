import { Module } from '@nestjs/common';
import { PracticeController } from './practice.controller.js';
import { ChangeInviteSettingsHandler, RegisterPracticeHandler, UpdatePracticeProfileHandler } from '@pi/application';

@Module({
  controllers: [PracticeController],
  providers: [RegisterPracticeHandler, UpdatePracticeProfileHandler, ChangeInviteSettingsHandler],
})
export class PracticeModule {}
