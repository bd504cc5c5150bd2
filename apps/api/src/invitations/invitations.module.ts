import { Module } from '@nestjs/common';
import { InvitationsController } from './invitations.controller.js';
import { ResendInviteHandler, RevokeInviteHandler, SendInviteHandler } from './invitations.commands.js';

@Module({
  controllers: [InvitationsController],
  providers: [SendInviteHandler, ResendInviteHandler, RevokeInviteHandler],
})
export class InvitationsModule {}
