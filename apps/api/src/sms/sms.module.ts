import { Module } from '@nestjs/common';
import { SmsInboundController } from './sms-inbound.controller.js';
import { SmsStatusController } from './sms-status.controller.js';

@Module({ controllers: [SmsInboundController, SmsStatusController] })
export class SmsModule {}
