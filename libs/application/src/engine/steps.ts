import type { Decider, DomainEvent } from '@pi/domain';
import type { Position } from '@pi/event-store';

/** One stream's part of a command over several streams (CommandExecutor.executeAll). */
export interface Step {
  streamId: string;
  decider: Decider<unknown, DomainEvent, unknown>;
  /** The command, or a function of the stream's state that makes it. */
  command: unknown;
  /**
   * A refusal the command goes on without (the step then records nothing): a fact that changed in between
   * and that the rest does not depend on. Called with the refusal; true to tolerate it.
   */
  tolerate?: (refusal: unknown) => boolean;
}

/** A step, typed by its decider. */
export function step<C, E extends DomainEvent, S>(
  streamId: string,
  decider: Decider<C, E, S>,
  command: C | ((state: S) => C),
  options: { tolerate?: (refusal: unknown) => boolean } = {},
): Step {
  return { streamId, decider: decider as unknown as Step['decider'], command, ...options };
}

/** The steps by stream, streams in the order they first appear (the order their parts are appended in). */
export function stepsByStream(steps: readonly Step[]): Map<string, Step[]> {
  const byStream = new Map<string, Step[]>();
  for (const s of steps) {
    const same = byStream.get(s.streamId);
    if (same && same[0].decider !== s.decider) throw new Error(`steps on ${s.streamId} name two deciders`);
    if (same) same.push(s);
    else byStream.set(s.streamId, [s]);
  }
  return byStream;
}

/** Where a command over several streams left the log: the newest of its steps' positions. */
export function lastPosition(outcomes: readonly { position: Position | null }[]): Position | null {
  return outcomes.reduce<Position | null>(
    (last, { position }) => (position !== null && (last === null || position > last) ? position : last),
    null,
  );
}
