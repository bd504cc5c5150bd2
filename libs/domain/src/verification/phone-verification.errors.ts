import { DomainError } from '../shared/domain-error.js';

/**
 * Refusals say what to do next and never whether the phone has an account.
 * `retryAfterSeconds` becomes a Retry-After header.
 */
export class CodeRequestedTooSoon extends DomainError {
  readonly code = 'code-requested-too-soon';
  readonly kind = 'too_many';
  constructor(readonly retryAfterSeconds: number) {
    super(`A code was just sent to this number. Wait ${retryAfterSeconds} seconds before asking for another one.`, {
      retryAfterSeconds,
    });
  }
}

export class TooManyCodes extends DomainError {
  readonly code = 'too-many-codes';
  readonly kind = 'too_many';
  constructor(readonly retryAfterSeconds: number) {
    super(
      `Five codes were sent to this number in the last hour. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
      { retryAfterSeconds },
    );
  }
}

export class VerificationNotFound extends DomainError {
  readonly code = 'verification-not-found';
  readonly kind = 'not_found';
  constructor() {
    super('This sign-up is not known or has ended. Start again from the practice link.');
  }
}

export class CodeExpired extends DomainError {
  readonly code = 'code-expired';
  readonly kind = 'unprocessable';
  constructor() {
    super('This code has expired (codes work for 10 minutes). Ask for a new code.');
  }
}

export class CodeLocked extends DomainError {
  readonly code = 'code-locked';
  readonly kind = 'unprocessable';
  constructor() {
    super('This code was entered wrongly 5 times and no longer works. Ask for a new code.');
  }
}

/** Raised by the application after recording the wrong try, so the try counts. */
export class WrongCode extends DomainError {
  readonly code = 'wrong-code';
  readonly kind = 'unprocessable';
  constructor(readonly triesLeft: number) {
    super(
      triesLeft > 0
        ? `That code is not right. ${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left.`
        : 'That code is not right, and it is now locked. Ask for a new code.',
      { triesLeft },
    );
  }
}
