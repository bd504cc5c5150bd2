import { Module } from '@nestjs/common';
import { ChangeContactHandler, CreateContactHandler } from './contacts.commands.js';
import { ContactsController } from './contacts.controller.js';
import { ContactImport } from './contacts.import.js';
import { FindContactsHandler, GetContactHandler } from './contacts.queries.js';

@Module({
  controllers: [ContactsController],
  providers: [CreateContactHandler, ChangeContactHandler, FindContactsHandler, GetContactHandler, ContactImport],
})
export class ContactsModule {}
