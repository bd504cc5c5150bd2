import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { OnboardingModule } from '../onboarding/onboarding.module.js';
import { ErasureController } from './erasure.controller.js';
import { PersonalDataEraser } from './personal-data-eraser.js';

/** Erasure of personal data by crypto-shredding (docs/privacy.md). */
@Module({
  imports: [ContactsModule, OnboardingModule, IdentityModule],
  controllers: [ErasureController],
  providers: [PersonalDataEraser],
})
export class PrivacyModule {}
