import { Module } from '@nestjs/common';
import {
  AddLinkMemberHandler,
  ChangeLinkHandler,
  ChangeLinkOwnerHandler,
  ChangeLinkSlugHandler,
  CreateLinkHandler,
} from './links.commands.js';
import { LinksController } from './links.controller.js';
import { GetLinkHandler, ListLinksHandler } from './links.queries.js';

@Module({
  controllers: [LinksController],
  providers: [
    CreateLinkHandler,
    ChangeLinkSlugHandler,
    ChangeLinkOwnerHandler,
    AddLinkMemberHandler,
    ChangeLinkHandler,
    ListLinksHandler,
    GetLinkHandler,
  ],
})
export class LinksModule {}
