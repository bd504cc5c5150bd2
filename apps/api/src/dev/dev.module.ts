import { Module } from '@nestjs/common';
import { DevOutboxController } from './dev-outbox.controller.js';

@Module({ controllers: [DevOutboxController] })
export class DevModule {}
