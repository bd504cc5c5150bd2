/**
 * A decider is the whole behaviour of one aggregate as two pure functions:
 * `decide` turns a command and the current state into new events (or throws a
 * DomainError), `evolve` folds one event into the state. No I/O, no clock, no
 * randomness: ids and time arrive inside the command.
 */
export interface DomainEvent<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
}

export interface Decider<C, E extends DomainEvent, S> {
  readonly decide: (command: C, state: S) => E[];
  readonly evolve: (state: S, event: E) => S;
  readonly initialState: S;
}

/** Folds a stream of events into a state. */
export function fold<E extends DomainEvent, S>(
  decider: Pick<Decider<never, E, S>, 'evolve' | 'initialState'>,
  events: readonly E[],
): S {
  return events.reduce(decider.evolve, decider.initialState);
}
