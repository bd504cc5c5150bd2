import { Module } from '@nestjs/common';
import { AuditReads } from './audit-reads.js';
import { AuditChainHeads } from '@pi/application';
import { AuditChainHeadsController } from './audit-chain-heads.controller.js';
import { AuditAccessController } from './audit-access.controller.js';
import { AuditPublicKeyController } from './audit-public-key.controller.js';
import { AuditController } from './audit.controller.js';
import { AuditConversationsController } from './audit-conversations.controller.js';

@Module({
  controllers: [
    AuditController,
    AuditConversationsController,
    AuditAccessController,
    AuditPublicKeyController,
    AuditChainHeadsController,
  ],
  providers: [AuditReads, AuditChainHeads],
  exports: [AuditChainHeads],
})
export class AuditModule {}
