import { Module } from '@nestjs/common';
import { ContactKeys } from '../contacts/contact-keys.js';
import { Onboarding } from './onboarding.js';
import { SignupController } from './signup.controller.js';
import { VerificationCodes } from './verification-codes.js';

@Module({
  controllers: [SignupController],
  providers: [VerificationCodes, Onboarding, ContactKeys],
  exports: [VerificationCodes],
})
export class OnboardingModule {}
