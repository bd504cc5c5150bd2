import { Module } from '@nestjs/common';
import { FollowUpsController } from './follow-ups.controller.js';
import { MarkFollowUpDoneHandler, ReinviteHandler } from './follow-ups.commands.js';

@Module({
  controllers: [FollowUpsController],
  providers: [MarkFollowUpDoneHandler, ReinviteHandler],
})
export class FollowUpsModule {}
