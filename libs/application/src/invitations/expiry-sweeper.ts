import { invitationDecider, streams } from '@pi/domain';
import { dueForExpiry } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { CommandExecutor } from '../engine/command-executor.js';
import { Periodic } from '../engine/periodic.js';
import type { Clock } from '../engine/tokens.js';

/**
 * Expires pending invitations whose window has closed: the decider checks the
 * time again, so a resend that restarted the window in the meantime wins.
 */
export class ExpirySweeper {
  private readonly periodic: Periodic;

  constructor(
    private readonly readModels: ProjectionEngine,
    private readonly executor: CommandExecutor,
    private readonly clock: Clock,
    everyMs = 60_000,
  ) {
    this.periodic = new Periodic('ExpirySweeper', everyMs, () => this.sweep(this.clock.now()));
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
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
      expired += outcome.events.filter((e) => e.type === 'InviteExpired').length;
    }
    return expired;
  }
}
