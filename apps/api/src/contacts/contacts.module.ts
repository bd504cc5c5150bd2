import { Module } from '@nestjs/common';
import { ContactKeys } from './contact-keys.js';
import { ChangeContactHandler, CreateContactHandler } from './contacts.commands.js';
import { ContactsController } from './contacts.controller.js';
import { ContactImport } from './contacts.import.js';
import { FindContactsHandler, GetContactHandler } from './contacts.queries.js';

@Module({
  controllers: [ContactsController],
  providers: [
    CreateContactHandler,
    ChangeContactHandler,
    FindContactsHandler,
    GetContactHandler,
    ContactImport,
    ContactKeys,
  ],
  exports: [ContactKeys],
})
export class ContactsModule {}
