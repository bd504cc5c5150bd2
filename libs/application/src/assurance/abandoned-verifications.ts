import { ABANDONED_VERIFICATION_DAYS, phoneVerificationDecider, subjects } from '@pi/domain';
import { verificationsStartedBefore } from '@pi/projections';
import type { CommandExecutor } from '../engine/command-executor.js';
import type { Runtime } from '../runtime/runtime.js';
import { Periodic } from '../engine/periodic.js';
import type { Clock } from '../engine/tokens.js';

const DAY_MS = 86_400_000;

/**
 * Shreds the personal data of phone verifications that proved no account once they are 30 days old (an
 * abandoned sign-up, a sign-in, a phone change never finished): the log records the erasure on the phone's
 * stream, then the verification's key is destroyed. Runs with the rest of the background work, every hour.
 */
export class AbandonedVerifications {
  private readonly periodic: Periodic;

  constructor(
    private readonly runtime: Pick<Runtime, 'readModels' | 'dataKeys'>,
    private readonly executor: CommandExecutor,
    private readonly clock: Clock,
    everyMs = 3_600_000,
  ) {
    this.periodic = new Periodic('AbandonedVerifications', everyMs, () => this.sweep(this.clock.now()));
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /**
   * Shreds what is due at `now`, up to 500 at a time (the next sweep takes the rest); returns how many it
   * erased. Idempotent: one the read model still lists is erased once and its key destroyed again.
   */
  async sweep(now: Date): Promise<number> {
    const before = new Date(now.getTime() - ABANDONED_VERIFICATION_DAYS * DAY_MS).toISOString();
    let erased = 0;
    for (const verification of await verificationsStartedBefore(this.runtime.readModels, before, 500)) {
      const outcome = await this.executor.execute(
        verification.stream,
        phoneVerificationDecider,
        { type: 'EraseVerification', verificationId: verification.id, by: 'system:retention', at: now.toISOString() },
        {
          practiceId: 'platform',
          actor: 'system:retention',
          correlationId: verification.id,
          causationId: verification.id,
        },
      );
      // Only what the log records as erased loses its key: one that proved an account meanwhile keeps it.
      const { state } = await this.executor.load(verification.stream, phoneVerificationDecider);
      if (state.verifications[verification.id]?.erased)
        await this.runtime.dataKeys.destroy([subjects.verification(verification.id)], now.toISOString());
      erased += outcome.events.length;
    }
    return erased;
  }
}
