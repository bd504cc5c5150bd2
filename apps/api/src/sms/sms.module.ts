import { Module } from '@nestjs/common';
import { SmsInboundController } from './sms-inbound.controller.js';

@Module({ controllers: [SmsInboundController] })
export class SmsModule {}
