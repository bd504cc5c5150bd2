import type { Decider, DomainEvent } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';

/**
 * An operator works for the platform, not for a practice: they alone approve a
 * change of a patient's login phone ("the platform's support changes it"),
 * because a patient account spans every practice the patient is connected to.
 */
export type OperatorRegistered = DomainEvent<
  'OperatorRegistered',
  { operatorId: string; name: string; email: string; registeredAt: string }
>;
export type OperatorDeactivated = DomainEvent<'OperatorDeactivated', { operatorId: string; deactivatedAt: string }>;
export type OperatorEvent = OperatorRegistered | OperatorDeactivated;
export const OPERATOR_EVENT_TYPES = [
  'OperatorRegistered',
  'OperatorDeactivated',
] as const satisfies readonly OperatorEvent['type'][];

export type OperatorCommand =
  | { type: 'RegisterOperator'; operatorId: string; name: string; email: string; at: string }
  | { type: 'DeactivateOperator'; operatorId: string; at: string };

export type OperatorState = { status: 'absent' } | { status: 'active' | 'deactivated'; operatorId: string };

export class OperatorNotFound extends DomainError {
  readonly code = 'operator-not-found';
  readonly kind = 'not_found';
  constructor(operatorId: string) {
    super(`No operator ${operatorId}.`, { operatorId });
  }
}

export const operatorDecider: Decider<OperatorCommand, OperatorEvent, OperatorState> = {
  initialState: { status: 'absent' },
  evolve(state, event) {
    switch (event.type) {
      case 'OperatorRegistered':
        return { status: 'active', operatorId: event.data.operatorId };
      case 'OperatorDeactivated':
        return state.status === 'absent' ? state : { ...state, status: 'deactivated' };
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'RegisterOperator':
        // Registering the same operator again (a retried provisioning) changes nothing.
        if (state.status !== 'absent') return [];
        return [
          {
            type: 'OperatorRegistered',
            data: {
              operatorId: command.operatorId,
              name: command.name,
              email: command.email,
              registeredAt: command.at,
            },
          },
        ];
      case 'DeactivateOperator':
        if (state.status === 'absent') throw new OperatorNotFound(command.operatorId);
        if (state.status === 'deactivated') return [];
        return [{ type: 'OperatorDeactivated', data: { operatorId: command.operatorId, deactivatedAt: command.at } }];
    }
  },
};
