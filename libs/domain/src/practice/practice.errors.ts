import { DomainError } from '../shared/domain-error.js';

export class PracticeAlreadyRegistered extends DomainError {
  readonly code = 'practice-already-registered';
  readonly kind = 'conflict';
  constructor(practiceId: string) {
    super(`Practice ${practiceId} is already registered.`, { practiceId });
  }
}

export class PracticeNotFound extends DomainError {
  readonly code = 'practice-not-found';
  readonly kind = 'not_found';
  constructor() {
    super('The practice does not exist.');
  }
}
