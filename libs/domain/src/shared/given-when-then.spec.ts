import { describe, expect, it } from 'vitest';
import type { Decider, DomainEvent } from './decider.js';
import { DomainError } from './domain-error.js';
import { ScenarioFailed, specFor } from './given-when-then.js';

class TooMany extends DomainError {
  readonly code = 'too-many';
  readonly kind = 'conflict';
  constructor() {
    super('Too many.', { limit: 2 });
  }
}
type Added = DomainEvent<'Added', { n: number }>;
const counter: Decider<{ add: number }, Added, number> = {
  initialState: 0,
  evolve: (state, event) => state + event.data.n,
  decide: (command, state) => {
    if (state + command.add > 2) throw new TooMany();
    return command.add === 0 ? [] : [{ type: 'Added', data: { n: command.add } }];
  },
};
const spec = specFor(counter);

describe('given / when / then', () => {
  it('passes a scenario that states what happened', () => {
    spec
      .given([])
      .when({ add: 1 })
      .then([{ type: 'Added', data: { n: 1 } }]);
    spec.given([]).when({ add: 0 }).thenNothingHappened();
    expect(
      spec
        .given([{ type: 'Added', data: { n: 2 } }])
        .when({ add: 1 })
        .thenThrows(TooMany, { limit: 2 }),
    ).toBeInstanceOf(TooMany);
  });

  it('fails a scenario that states something else, saying what it got', () => {
    expect(() =>
      spec
        .given([])
        .when({ add: 1 })
        .then([{ type: 'Added', data: { n: 2 } }]),
    ).toThrow(ScenarioFailed);
    expect(() => spec.given([]).when({ add: 1 }).thenNothingHappened()).toThrow(/"n":1/);
    expect(() => spec.given([]).when({ add: 1 }).thenThrows(TooMany)).toThrow(/expected the command to fail/);
    expect(() =>
      spec
        .given([{ type: 'Added', data: { n: 2 } }])
        .when({ add: 1 })
        .thenThrows(TooMany, { limit: 3 }),
    ).toThrow(/error details/);
    expect(() =>
      spec
        .given([{ type: 'Added', data: { n: 2 } }])
        .when({ add: 1 })
        .then([]),
    ).toThrow(TooMany);
  });
});
