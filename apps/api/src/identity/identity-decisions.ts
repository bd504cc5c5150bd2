import { Inject, Injectable } from '@nestjs/common';
import {
  patientDecider,
  streams,
  type FlagIdentityMismatch,
  type MismatchField,
  type RecordIdentityVerification,
  type ResolveIdentityMismatch,
  type VerificationMethod,
} from '@pi/domain';
import { CLOCK, type Clock, type CommandContext, CommandExecutor, type CommandOutcome } from '@pi/application';

/** Staff decisions about a patient's identity, recorded with the acting staff member. */
@Injectable()
export class IdentityDecisions {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Who decides, about whom, when: the same for every decision. */
  private on(patientId: string, context: CommandContext) {
    return { patientId, practiceId: context.practiceId, by: context.actor, at: this.clock.now().toISOString() };
  }

  private run(
    command: RecordIdentityVerification | FlagIdentityMismatch | ResolveIdentityMismatch,
    context: CommandContext,
  ): Promise<CommandOutcome<unknown>> {
    return this.executor.execute(streams.patient(command.patientId), patientDecider, command, context);
  }

  verify(patientId: string, method: VerificationMethod, note: string, context: CommandContext) {
    return this.run({ type: 'RecordIdentityVerification', ...this.on(patientId, context), method, note }, context);
  }

  flagMismatch(patientId: string, differs: MismatchField[], note: string, context: CommandContext) {
    return this.run({ type: 'FlagIdentityMismatch', ...this.on(patientId, context), differs, note }, context);
  }

  resolveMismatch(patientId: string, note: string, context: CommandContext) {
    return this.run({ type: 'ResolveIdentityMismatch', ...this.on(patientId, context), note }, context);
  }
}
