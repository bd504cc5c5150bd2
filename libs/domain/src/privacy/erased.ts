/** What a personal value reads as once its subject was erased (the log keeps the fact, not the value). */
export const ERASED = '[erased]';

export function isErased(value: unknown): boolean {
  return value === ERASED;
}
