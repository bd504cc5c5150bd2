import { Module } from '@nestjs/common';
import { AuditReads } from './audit-reads.js';
import { AuditAccessController } from './audit-access.controller.js';
import { AuditPublicKeyController } from './audit-public-key.controller.js';
import { AuditController } from './audit.controller.js';
import { AuditConversationsController } from './audit-conversations.controller.js';

@Module({
  controllers: [AuditController, AuditConversationsController, AuditAccessController, AuditPublicKeyController],
  providers: [AuditReads],
})
export class AuditModule {}
