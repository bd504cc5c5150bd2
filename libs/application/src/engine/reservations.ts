import { createHash, createHmac } from 'node:crypto';
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
import { step, type Step } from './steps.js';
import type { Clock } from './tokens.js';

export type { ReservationScope };

/**
 * A reservation key made from personal data (a phone, an email): keyed, so its stream name cannot be reversed by
 * trying every phone number; `legacy` is the unkeyed hash versions before it used, adopted on first use.
 */
export interface PersonalKey {
  keyed: string;
  legacy: string;
}

/** The key of reservation keys, from the data-keys root (its own label: no other key). */
export function reservationKeySecret(dataKeys: string): string {
  return createHmac('sha256', dataKeys).update('reservation-key').digest('base64url');
}

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
 * Reserves unique keys in their own streams. Keys that are personal data (a
 * phone, an email) are keyed hashes (HMAC), so no stream name carries them or
 * can be reversed by trying every value.
 */
export class Reservations {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly clock: Clock,
    /** From reservationKeySecret(); without it, keys of personal data cannot be made (repairs need none). */
    private readonly keySecret: string | null = null,
  ) {}

  /** The key of a reservation made from personal data. */
  personalKey(...parts: string[]): PersonalKey {
    if (this.keySecret === null) throw new Error('Reservations of personal data need the reservation key.');
    const text = parts.join('\u0000');
    return {
      keyed: `k${createHmac('sha256', this.keySecret).update(text).digest('hex').slice(0, 40)}`,
      legacy: createHash('sha256').update(text).digest('hex').slice(0, 40),
    };
  }

  /**
   * The stream key to use. A personal key whose keyed stream does not exist yet adopts the holder of its legacy
   * (unkeyed) stream first, so a data directory from before keeps every reservation it had.
   */
  private async adopt(scope: ReservationScope, key: string | PersonalKey, context: CommandContext): Promise<string> {
    if (typeof key === 'string') return key;
    // Loaded, not just looked up: the command that reserves it next decides on this state without a second read.
    if ((await this.executor.load(streams.reservation(scope, key.keyed), reservationDecider)).revision >= 0)
      return key.keyed;
    const legacy = (await this.executor.load(streams.reservation(scope, key.legacy), reservationDecider)).state;
    if (legacy.holder !== null)
      await this.executor.execute(
        streams.reservation(scope, key.keyed),
        reservationDecider,
        { type: 'Reserve', scope, ownerId: legacy.holder, at: legacy.reservedAt ?? this.clock.now().toISOString() },
        { ...context, actor: 'system:rekey' },
      );
    return key.keyed;
  }

  /** Who holds the key now (null: free). */
  async holderOf(scope: ReservationScope, key: string | PersonalKey, context: CommandContext): Promise<string | null> {
    const stream = streams.reservation(scope, await this.adopt(scope, key, context));
    return (await this.executor.load(stream, reservationDecider)).state.holder;
  }

  /**
   * Throws ReservationHeld (with the holder) when another owner has the key.
   * A holder that never came into existence (a crash between the reservation
   * and its owner's first write) loses the key after the grace period.
   */
  async reserve(
    scope: ReservationScope,
    personal: string | PersonalKey,
    ownerId: string,
    context: CommandContext,
  ): Promise<Hold> {
    const key = await this.adopt(scope, personal, context);
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

  /**
   * The step that reserves the key for its owner inside the owner's own command (executeAll): the key and the
   * owner are recorded in one commit, so there is nothing to undo when the owner is refused. A refusal is
   * ReservationHeld; `absentHolder` claims it from a holder that never came into existence (see reserve).
   */
  async reserving(
    scope: ReservationScope,
    personal: string | PersonalKey,
    ownerId: string,
    context: CommandContext,
    absentHolder?: string,
  ): Promise<Step> {
    const key = await this.adopt(scope, personal, context);
    return step(streams.reservation(scope, key), reservationDecider, {
      type: 'Reserve',
      scope,
      ownerId,
      at: this.clock.now().toISOString(),
      ...(absentHolder === undefined ? {} : { absentHolder: { holder: absentHolder } }),
    });
  }

  /** Whether the holder named by a refusal exists (its stream has an event). */
  holderExists(scope: ReservationScope, holder: string): Promise<boolean> {
    return this.executor.exists(holderStreamOf(scope, holder));
  }

  /** Reserves the key, runs the work, and undoes the reservation if the work fails. */
  async holding<T>(
    scope: ReservationScope,
    key: string | PersonalKey,
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
  async release(
    scope: ReservationScope,
    personal: string | PersonalKey,
    ownerId: string,
    context: CommandContext,
  ): Promise<void> {
    const key = await this.adopt(scope, personal, context);
    await this.executor.execute(
      streams.reservation(scope, key),
      reservationDecider,
      { type: 'Release', scope, ownerId, at: this.clock.now().toISOString() },
      context,
    );
  }
}
