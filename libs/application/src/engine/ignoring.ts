/**
 * A catch handler that swallows the named errors and rethrows anything else:
 * for idempotent set-up steps where "already there" is success.
 */
export function ignoring(...kinds: (new (...args: never[]) => Error)[]) {
  return (error: unknown): void => {
    if (!kinds.some((kind) => error instanceof kind)) throw error;
  };
}
