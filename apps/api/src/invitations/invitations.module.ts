import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module.js';
import { BulkInviteHandler } from './bulk-invite.js';
import { InvitationsController } from './invitations.controller.js';
import { ResendInviteHandler, RevokeInviteHandler, SendInviteHandler } from './invitations.commands.js';

@Module({
  imports: [ContactsModule],
  controllers: [InvitationsController],
  providers: [SendInviteHandler, ResendInviteHandler, RevokeInviteHandler, BulkInviteHandler],
  exports: [ResendInviteHandler],
})
export class InvitationsModule {}
