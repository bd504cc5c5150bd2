import { Module } from '@nestjs/common';
import { AuditReads } from './audit-reads.js';
import { AuditController } from './audit.controller.js';

@Module({ controllers: [AuditController], providers: [AuditReads] })
export class AuditModule {}
