import { isDeepStrictEqual } from 'node:util';
import type { Decider, DomainEvent } from './decider.js';
import { fold } from './decider.js';

/** A scenario whose outcome differs from the one it states. */
export class ScenarioFailed extends Error {
  constructor(what: string, expected: unknown, actual: unknown) {
    super(
      `expected ${what}:\n  ${JSON.stringify(expected)}\ngot:\n  ${actual instanceof Error ? `${actual.name}: ${actual.message}` : JSON.stringify(actual)}`,
    );
    this.name = 'ScenarioFailed';
  }
}

const pick = (object: Record<string, unknown>, keys: readonly string[]) =>
  Object.fromEntries(keys.map((key) => [key, object[key]]));

/**
 * given(events).when(command).then(events) | .thenThrows(ErrorClass) |
 * .thenNothingHappened() for decider specs: one scenario per `it`.
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
              if (failure !== undefined) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
              return produced ?? [];
            },
            /** The error the command failed with; throws if it succeeded. */
            error(): unknown {
              if (failure === undefined)
                throw new Error(`expected the command to fail, it produced ${JSON.stringify(produced)}`);
              return failure;
            },
            /** Asserts the command produced exactly these events (deep equality). */
            then(expected: readonly E[]): void {
              const actual = this.events();
              if (!isDeepStrictEqual(actual, expected)) throw new ScenarioFailed('events', expected, actual);
            },
            /** Asserts the command was refused with this error class (and, if given, these details); returns the error. */
            thenThrows<T extends Error>(
              errorClass: abstract new (...args: never[]) => T,
              details?: Record<string, unknown>,
            ): T {
              const error = this.error();
              if (!(error instanceof errorClass))
                throw new ScenarioFailed(`an error of class ${errorClass.name}`, errorClass.name, error);
              const actualDetails = (error as { details?: Record<string, unknown> }).details ?? {};
              if (details && !isDeepStrictEqual(pick(actualDetails, Object.keys(details)), details))
                throw new ScenarioFailed('error details', details, actualDetails);
              return error;
            },
            /** Asserts the command was accepted and changed nothing (a retry, a no-op). */
            thenNothingHappened(): void {
              this.then([]);
            },
          };
        },
      };
    },
  };
}
