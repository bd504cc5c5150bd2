import type { Decider, DomainEvent } from './decider.js';
import { DomainError } from './domain-error.js';

/**
 * Cross-stream uniqueness (one slug per link, one staff email per practice):
 * a reservation stream per unique key is appended with "no stream" expected
 * before the owning stream is written. Whoever holds it, holds the key.
 *
 * The two writes cannot share a transaction, so a crash (or a failed write)
 * between them leaves a key held by an owner that never came into existence.
 * Such a hold is abandoned once the grace period has passed: the next claimant
 * (or an operator's repair) frees it, with the stream's expected revision, so
 * two claimants can never both win.
 */
export type ReservationMade = DomainEvent<'ReservationMade', { scope: string; ownerId: string; reservedAt: string }>;
export type ReservationReleased = DomainEvent<
  'ReservationReleased',
  { scope: string; ownerId: string; releasedAt: string; reason?: 'abandoned' }
>;
export type ReservationEvent = ReservationMade | ReservationReleased;

/** How long an owner has to come into existence after reserving its key. */
export const RESERVATION_GRACE_MS = 30_000;

/** A fact the caller gathered: `holder` has no stream of its own (it never came into existence). */
export interface AbsentHolder {
  holder: string;
}

export type ReservationCommand =
  | { type: 'Reserve'; scope: string; ownerId: string; at: string; absentHolder?: AbsentHolder; graceMs?: number }
  | { type: 'Release'; scope: string; ownerId: string; at: string }
  | { type: 'ReleaseAbandoned'; scope: string; absentHolder: AbsentHolder; at: string; graceMs?: number };

export interface ReservationState {
  holder: string | null;
  reservedAt: string | null;
}

/** The holder never came into existence, and had the whole grace period to. */
function abandoned(
  state: ReservationState,
  fact: AbsentHolder | undefined,
  at: string,
  graceMs = RESERVATION_GRACE_MS,
): boolean {
  return (
    state.holder !== null &&
    fact?.holder === state.holder &&
    state.reservedAt !== null &&
    Date.parse(at) - Date.parse(state.reservedAt) >= graceMs
  );
}

export class ReservationHeld extends DomainError {
  readonly code = 'reservation-held';
  readonly kind = 'conflict';
  constructor(
    readonly scope: string,
    readonly holder: string,
  ) {
    super(`The ${scope} is already taken.`, { holder });
  }
}

export const reservationDecider: Decider<ReservationCommand, ReservationEvent, ReservationState> = {
  initialState: { holder: null, reservedAt: null },
  evolve(state, event) {
    switch (event.type) {
      case 'ReservationMade':
        return { holder: event.data.ownerId, reservedAt: event.data.reservedAt };
      case 'ReservationReleased':
        return state.holder === event.data.ownerId ? { holder: null, reservedAt: null } : state;
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'Reserve': {
        if (state.holder === command.ownerId) return []; // a retried request
        const made: ReservationMade = {
          type: 'ReservationMade',
          data: { scope: command.scope, ownerId: command.ownerId, reservedAt: command.at },
        };
        if (state.holder === null) return [made];
        if (!abandoned(state, command.absentHolder, command.at, command.graceMs))
          throw new ReservationHeld(command.scope, state.holder);
        return [
          {
            type: 'ReservationReleased',
            data: { scope: command.scope, ownerId: state.holder, releasedAt: command.at, reason: 'abandoned' },
          },
          made,
        ];
      }
      case 'Release':
        if (state.holder !== command.ownerId) return [];
        return [
          {
            type: 'ReservationReleased',
            data: { scope: command.scope, ownerId: command.ownerId, releasedAt: command.at },
          },
        ];
      case 'ReleaseAbandoned':
        if (!abandoned(state, command.absentHolder, command.at, command.graceMs)) return [];
        return [
          {
            type: 'ReservationReleased',
            data: { scope: command.scope, ownerId: state.holder!, releasedAt: command.at, reason: 'abandoned' },
          },
        ];
    }
  },
};
