import { Module } from '@nestjs/common';
import {
  AddLinkMemberHandler,
  ChangeLinkHandler,
  ChangeLinkOwnerHandler,
  ChangeLinkSlugHandler,
  CreateLinkHandler,
} from './links.commands.js';
import { LinksController } from './links.controller.js';

@Module({
  controllers: [LinksController],
  providers: [
    CreateLinkHandler,
    ChangeLinkSlugHandler,
    ChangeLinkOwnerHandler,
    AddLinkMemberHandler,
    ChangeLinkHandler,
  ],
})
export class LinksModule {}
