/** Who issued a command and in which request: becomes the metadata of every event it records. */
export interface CommandContext {
  practiceId: string;
  /** Staff id of the caller, or `system:<process>`. */
  actor: string;
  correlationId: string;
  causationId: string;
}
