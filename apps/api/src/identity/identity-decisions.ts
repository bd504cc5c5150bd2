import { Inject, Injectable } from '@nestjs/common';
import { patientDecider, streams, type MismatchField, type VerificationMethod } from '@pi/domain';
import type { CommandContext } from '../infrastructure/command-context.js';
import { CommandExecutor, type CommandOutcome } from '../infrastructure/command-executor.js';
import { CLOCK, type Clock } from '../infrastructure/tokens.js';

/** Staff decisions about a patient's identity, recorded with the acting staff member. */
@Injectable()
export class IdentityDecisions {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private run(patientId: string, command: object, context: CommandContext): Promise<CommandOutcome<unknown>> {
    const base = { patientId, practiceId: context.practiceId, by: context.actor, at: this.clock.now().toISOString() };
    return this.executor.execute(streams.patient(patientId), patientDecider, { ...base, ...command } as Parameters<typeof patientDecider.decide>[0], context);
  }

  verify(patientId: string, method: VerificationMethod, note: string, context: CommandContext) {
    return this.run(patientId, { type: 'RecordIdentityVerification', method, note }, context);
  }

  flagMismatch(patientId: string, differs: MismatchField[], note: string, context: CommandContext) {
    return this.run(patientId, { type: 'FlagIdentityMismatch', differs, note }, context);
  }

  resolveMismatch(patientId: string, note: string, context: CommandContext) {
    return this.run(patientId, { type: 'ResolveIdentityMismatch', note }, context);
  }
}
