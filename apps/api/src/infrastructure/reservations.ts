import { createHash } from 'node:crypto';
import {
  holderStreamOf,
  RESERVATION_GRACE_MS,
  ReservationHeld,
  reservationDecider,
  streams,
  type ReservationScope,
} from '@pi/domain';
import type { CommandContext } from './command-context.js';
import type { CommandExecutor } from './command-executor.js';
import type { Clock } from './tokens.js';

export type { ReservationScope };

/** A key reserved for an owner by one call. */
export interface Hold {
  /**
   * Compensation after the owning stream refused the change: gives the key back
   * only if this call took it. A failed command can never free a key that an
   * earlier success holds (another practice naming our link id cannot release our slug).
   */
  undo(): Promise<void>;
}

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
   * A holder that never came into existence (a crash between the reservation
   * and its owner's first write) loses the key after the grace period.
   */
  async reserve(scope: ReservationScope, key: string, ownerId: string, context: CommandContext): Promise<Hold> {
    const stream = streams.reservation(scope, key);
    const reserve = (absentHolder?: { holder: string }) =>
      this.executor.execute(
        stream,
        reservationDecider,
        { type: 'Reserve', scope, ownerId, at: this.clock.now().toISOString(), absentHolder },
        context,
      );
    let outcome;
    try {
      outcome = await reserve();
    } catch (error) {
      if (!(error instanceof ReservationHeld) || (await this.executor.exists(holderStreamOf(scope, error.holder))))
        throw error;
      outcome = await reserve({ holder: error.holder });
    }
    // Nothing recorded: the owner already held the key (a retried request, or a request about someone else's thing).
    const takenNow = outcome.events.length > 0;
    return { undo: () => (takenNow ? this.release(scope, key, ownerId, context) : Promise.resolve()) };
  }

  /** Reserves the key, runs the work, and undoes the reservation if the work fails. */
  async holding<T>(
    scope: ReservationScope,
    key: string,
    ownerId: string,
    context: CommandContext,
    work: () => Promise<T>,
  ): Promise<T> {
    const hold = await this.reserve(scope, key, ownerId, context);
    try {
      return await work();
    } catch (error) {
      await hold.undo();
      throw error;
    }
  }

  /** The holder of the key if it never came into existence and its grace period has passed, else null. */
  async abandonedHolder(scope: ReservationScope, key: string): Promise<string | null> {
    const { holder, reservedAt } = (await this.executor.load(streams.reservation(scope, key), reservationDecider))
      .state;
    if (
      holder === null ||
      reservedAt === null ||
      this.clock.now().getTime() - Date.parse(reservedAt) < RESERVATION_GRACE_MS
    )
      return null;
    return (await this.executor.exists(holderStreamOf(scope, holder))) ? null : holder;
  }

  /** Frees the key if its holder never came into existence within the grace period (the operators' repair). */
  async releaseIfAbandoned(scope: ReservationScope, key: string, context: CommandContext): Promise<string | null> {
    const holder = await this.abandonedHolder(scope, key);
    if (holder === null) return null;
    const outcome = await this.executor.execute(
      streams.reservation(scope, key),
      reservationDecider,
      { type: 'ReleaseAbandoned', scope, absentHolder: { holder }, at: this.clock.now().toISOString() },
      context,
    );
    return outcome.events.length > 0 ? holder : null;
  }

  /**
   * The owner gives the key up for good, after its own stream recorded the change
   * that frees it (a renamed slug, an edited phone). Never a compensation: use Hold.undo.
   */
  async release(scope: ReservationScope, key: string, ownerId: string, context: CommandContext): Promise<void> {
    await this.executor.execute(
      streams.reservation(scope, key),
      reservationDecider,
      { type: 'Release', scope, ownerId, at: this.clock.now().toISOString() },
      context,
    );
  }
}
