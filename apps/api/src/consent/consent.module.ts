import { Module } from '@nestjs/common';
import { ConsentController } from './consent.controller.js';
import { ConsentReportController } from './consent-report.controller.js';

@Module({ controllers: [ConsentController, ConsentReportController] })
export class ConsentModule {}
