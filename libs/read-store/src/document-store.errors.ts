/** A rebuild swapped another generation in: the writer must reload and continue from the new one. */
export class StaleGeneration extends Error {
  readonly code = 'stale-generation';
  constructor(
    readonly projection: string,
    readonly generation: number,
  ) {
    super(`Generation ${generation} of projection ${projection} is no longer the active one.`);
    this.name = 'StaleGeneration';
  }
}

export class InvalidQuery extends Error {
  readonly code = 'invalid-query';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidQuery';
  }
}

/** Another writer moved this checkpoint: reload it and continue from there. */
export class CheckpointMoved extends Error {
  readonly code = 'checkpoint-moved';
  constructor(readonly key: string) {
    super(`Checkpoint ${key} was moved by another writer.`);
    this.name = 'CheckpointMoved';
  }
}
