import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module.js';
import { Onboarding } from './onboarding.js';
import { SignupController } from './signup.controller.js';
import { VerificationCodes } from './verification-codes.js';

@Module({
  // The contacts' phone/email keys are the contacts module's: one instance, one rule.
  imports: [ContactsModule],
  controllers: [SignupController],
  providers: [VerificationCodes, Onboarding],
  exports: [VerificationCodes],
})
export class OnboardingModule {}
