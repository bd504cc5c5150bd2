import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { type Config, CONFIG } from '@pi/application';
import { OnboardingModule } from '../onboarding/onboarding.module.js';
import { EvidenceStore } from './evidence-store.js';
import { IdentityDecisions } from './identity-decisions.js';
import { IdentityController } from './identity.controller.js';
import { PhoneChangeController } from './phone-change.controller.js';
import { PhoneChanges } from './phone-change.service.js';

@Module({
  imports: [OnboardingModule],
  controllers: [IdentityController, PhoneChangeController],
  providers: [
    IdentityDecisions,
    PhoneChanges,
    {
      provide: EvidenceStore,
      inject: [CONFIG],
      useFactory: (config: Config) => new EvidenceStore(join(config.dataDir, 'evidence')),
    },
  ],
  exports: [EvidenceStore],
})
export class IdentityModule {}
