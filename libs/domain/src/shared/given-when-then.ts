import type { Decider, DomainEvent } from './decider.js';
import { fold } from './decider.js';

/**
 * given(events).when(command).then(events | error) for decider specs.
 * Kept in the domain library (not only in tests) so every feature's spec reads the same.
 */
export function specFor<C, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return {
    given(events: readonly E[] = []) {
      const state = fold(decider, events);
      return {
        state,
        when(command: C) {
          let produced: E[] | undefined;
          let failure: unknown;
          try {
            produced = decider.decide(command, state);
          } catch (error) {
            failure = error;
          }
          return {
            /** The events the command produced; rethrows if it failed. */
            events(): E[] {
              if (failure !== undefined) throw failure;
              return produced ?? [];
            },
            /** The error the command failed with; throws if it succeeded. */
            error(): unknown {
              if (failure === undefined) throw new Error(`expected the command to fail, it produced ${JSON.stringify(produced)}`);
              return failure;
            },
          };
        },
      };
    },
  };
}
