import type { Decider, DomainEvent } from './decider.js';
import { DomainError } from './domain-error.js';

/**
 * Cross-stream uniqueness (one slug per link, one staff email per practice):
 * a reservation stream per unique key is appended with "no stream" expected
 * before the owning stream is written. Whoever holds it, holds the key.
 */
export type ReservationMade = DomainEvent<'ReservationMade', { scope: string; ownerId: string; reservedAt: string }>;
export type ReservationReleased = DomainEvent<'ReservationReleased', { scope: string; ownerId: string; releasedAt: string }>;
export type ReservationEvent = ReservationMade | ReservationReleased;

export type ReservationCommand =
  | { type: 'Reserve'; scope: string; ownerId: string; at: string }
  | { type: 'Release'; scope: string; ownerId: string; at: string };

export interface ReservationState {
  holder: string | null;
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
  initialState: { holder: null },
  evolve(state, event) {
    switch (event.type) {
      case 'ReservationMade':
        return { holder: event.data.ownerId };
      case 'ReservationReleased':
        return state.holder === event.data.ownerId ? { holder: null } : state;
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'Reserve':
        if (state.holder === command.ownerId) return []; // a retried request
        if (state.holder !== null) throw new ReservationHeld(command.scope, state.holder);
        return [{ type: 'ReservationMade', data: { scope: command.scope, ownerId: command.ownerId, reservedAt: command.at } }];
      case 'Release':
        if (state.holder !== command.ownerId) return [];
        return [{ type: 'ReservationReleased', data: { scope: command.scope, ownerId: command.ownerId, releasedAt: command.at } }];
    }
  },
};
