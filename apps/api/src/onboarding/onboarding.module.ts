import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module.js';
import { CLOCK, type Clock, CommandExecutor, ConnectionCompletion, READ_MODELS } from '@pi/application';
import type { ProjectionEngine } from '@pi/read-store';
import { NetworkLimits } from './ip-limits.js';
import { Onboarding } from './onboarding.js';
import { SignupController } from './signup.controller.js';
import { VerificationCodes } from './verification-codes.js';

@Module({
  // The contacts' phone/email keys are the contacts module's: one instance, one rule.
  imports: [ContactsModule],
  controllers: [SignupController],
  providers: [
    VerificationCodes,
    Onboarding,
    {
      provide: NetworkLimits,
      useFactory: (clock: Clock, readModels: ProjectionEngine) => new NetworkLimits(clock, readModels.store),
      inject: [CLOCK, READ_MODELS],
    },
    {
      provide: ConnectionCompletion,
      useFactory: (executor: CommandExecutor, clock: Clock) => new ConnectionCompletion(executor, clock),
      inject: [CommandExecutor, CLOCK],
    },
  ],
  exports: [VerificationCodes, NetworkLimits],
})
export class OnboardingModule {}
