import { createHash } from 'node:crypto';
import { reservationDecider, streams } from '@pi/domain';
import type { CommandContext } from './command-context.js';
import type { CommandExecutor } from './command-executor.js';
import type { Clock } from './tokens.js';

export type ReservationScope = Parameters<typeof streams.reservation>[0];

/**
 * Reserves unique keys in their own streams. Keys that are personal data (an
 * email) are hashed, so no stream name ever carries them.
 */
export class Reservations {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly clock: Clock,
  ) {}

  static hashedKey(...parts: string[]): string {
    return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);
  }

  /**
   * Throws ReservationHeld (with the holder) when another owner has the key.
   * Answers true when this call took the key, false when the owner already held
   * it (a retried request): only a key taken now may be released on failure.
   */
  async reserve(scope: ReservationScope, key: string, ownerId: string, context: CommandContext): Promise<boolean> {
    const outcome = await this.executor.execute(streams.reservation(scope, key), reservationDecider, { type: 'Reserve', scope, ownerId, at: this.clock.now().toISOString() }, context);
    return outcome.events.length > 0;
  }

  async release(scope: ReservationScope, key: string, ownerId: string, context: CommandContext): Promise<void> {
    await this.executor.execute(streams.reservation(scope, key), reservationDecider, { type: 'Release', scope, ownerId, at: this.clock.now().toISOString() }, context);
  }
}
