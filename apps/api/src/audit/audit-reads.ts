import { Inject, Injectable } from '@nestjs/common';
import { auditReadDecider, streams, type RecordAuditRead } from '@pi/domain';
import { CLOCK, type Clock, type CommandContext, CommandExecutor } from '@pi/application';

/** Reading the identity audit is recorded before the answer leaves: no record, no answer. */
@Injectable()
export class AuditReads {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(
    read: Omit<RecordAuditRead, 'type' | 'at' | 'practiceId' | 'auditorId'>,
    context: CommandContext,
  ): Promise<void> {
    const at = this.clock.now().toISOString();
    await this.executor.execute(
      streams.auditReads(context.practiceId, at.slice(0, 10)),
      auditReadDecider,
      { type: 'RecordAuditRead', practiceId: context.practiceId, auditorId: context.actor, ...read, at },
      context,
    );
  }
}
