import { Module } from '@nestjs/common';
import { DeleteInboxFilterHandler, SaveInboxFilterHandler } from './inbox-filters.commands.js';
import { InboxController } from './inbox.controller.js';

@Module({ controllers: [InboxController], providers: [SaveInboxFilterHandler, DeleteInboxFilterHandler] })
export class InboxModule {}
