import { Module } from '@nestjs/common';
import { ContactKeys } from './contact-keys.js';
import { ChangeContactHandler, CreateContactHandler } from './contacts.commands.js';
import { ContactsController } from './contacts.controller.js';
import { ContactImport } from './contacts.import.js';

@Module({
  controllers: [ContactsController],
  providers: [CreateContactHandler, ChangeContactHandler, ContactImport, ContactKeys],
  exports: [ContactKeys],
})
export class ContactsModule {}
