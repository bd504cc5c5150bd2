import { Module } from '@nestjs/common';
import { OnboardingModule } from '../onboarding/onboarding.module.js';
import { PatientMessages } from './patient-messages.js';
import { PatientConversationsController } from './patient-conversations.controller.js';
import { PatientSignInController } from './patient-sign-in.controller.js';

@Module({
  imports: [OnboardingModule],
  controllers: [PatientSignInController, PatientConversationsController],
  providers: [PatientMessages],
})
export class PatientWebModule {}
