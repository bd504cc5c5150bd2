import { Module } from '@nestjs/common';
import { EmailUnsubscribeController } from './email-unsubscribe.controller.js';

@Module({ controllers: [EmailUnsubscribeController] })
export class EmailModule {}
