import { Global, Module } from '@nestjs/common';
import { ConversationAccess } from './conversation-access.js';
import { ChangeConversationHandler } from './conversation.commands.js';
import { ConversationReaders } from './conversation-readers.js';
import { ConversationsController } from './conversations.controller.js';

/** Global: every module that returns a patient, a contact card or a conversation asks ConversationAccess. */
@Global()
@Module({
  controllers: [ConversationsController],
  providers: [ConversationAccess, ConversationReaders, ChangeConversationHandler],
  exports: [ConversationAccess, ConversationReaders],
})
export class ConversationsModule {}
