import { Module } from '@nestjs/common';
import { OnboardingModule } from '../onboarding/onboarding.module.js';
import { PatientMessages } from './patient-messages.js';
import { PatientWebController } from './patient-web.controller.js';

@Module({ imports: [OnboardingModule], controllers: [PatientWebController], providers: [PatientMessages] })
export class PatientWebModule {}
