import { Logger } from '@nestjs/common';
import { invitationDecider, streams } from '@pi/domain';
import { dueForExpiry } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { CommandExecutor } from '../infrastructure/command-executor.js';
import type { Clock } from '../infrastructure/tokens.js';

/**
 * Expires pending invitations whose window has closed: the decider checks the
 * time again, so a resend that restarted the window in the meantime wins.
 */
export class ExpirySweeper {
  private readonly logger = new Logger('ExpirySweeper');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly readModels: ProjectionEngine,
    private readonly executor: CommandExecutor,
    private readonly clock: Clock,
    private readonly everyMs = 60_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep(this.clock.now())
        .catch((error: unknown) => (this.logger.warn({ err: error }, 'expiry sweep failed'), 0))
        .finally(() => (this.running = null));
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Expires what is due at `now`; returns how many expired. */
  async sweep(now: Date): Promise<number> {
    let expired = 0;
    const at = now.toISOString();
    for (const invitation of await dueForExpiry(this.readModels, at, 500)) {
      const context = {
        practiceId: invitation.practiceId,
        actor: 'system:expiry',
        correlationId: invitation.id,
        causationId: invitation.id,
      };
      const outcome = await this.executor.execute(
        streams.invitation(invitation.id),
        invitationDecider,
        { type: 'ExpireInvite', invitationId: invitation.id, practiceId: invitation.practiceId, at },
        context,
      );
      expired += outcome.events.length;
    }
    return expired;
  }
}
