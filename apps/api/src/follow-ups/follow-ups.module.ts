import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { FollowUpsController } from './follow-ups.controller.js';
import { MarkFollowUpDoneHandler, ReinviteHandler } from './follow-ups.commands.js';

@Module({
  imports: [InvitationsModule],
  controllers: [FollowUpsController],
  providers: [MarkFollowUpDoneHandler, ReinviteHandler],
})
export class FollowUpsModule {}
