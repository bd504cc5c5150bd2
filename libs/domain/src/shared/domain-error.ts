/**
 * Every rule a command can break is a named subclass of DomainError. The HTTP
 * layer maps `code` to an RFC 9457 problem type in one place.
 */
export type DomainErrorKind = 'invalid' | 'conflict' | 'not_found' | 'unprocessable' | 'forbidden' | 'too_many';

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  /** Safe, non-personal details that help the caller fix the request. */
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}
