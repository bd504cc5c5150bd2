import { Module } from '@nestjs/common';
import { InviteOpens } from '../invitations/invite-opens.js';
import { PageViews } from './page-views.js';
import { PublicPagesController } from './public-pages.controller.js';

/** Imported last: its `/:slug` route must come after every fixed path. */
@Module({ controllers: [PublicPagesController], providers: [PageViews, InviteOpens] })
export class PublicPagesModule {}
