import { DomainError } from '../shared/domain-error.js';

/** Unknown, or not connected with the asking practice: the same answer, so nothing leaks across practices. */
export class PatientNotFound extends DomainError {
  readonly code = 'patient-not-found';
  readonly kind = 'not_found';
  constructor(patientId: string) {
    super(`No patient ${patientId} is connected with this practice.`, { patientId });
  }
}

export class PatientAccountExists extends DomainError {
  readonly code = 'patient-account-exists';
  readonly kind = 'conflict';
  constructor(patientId: string) {
    super(`Patient account ${patientId} already exists.`, { patientId });
  }
}

export class MismatchAlreadyFlagged extends DomainError {
  readonly code = 'mismatch-already-flagged';
  readonly kind = 'conflict';
  constructor() {
    super(
      'A mismatch is already flagged for this patient: resolve it (POST .../identity/mismatches/resolution) before recording another decision.',
    );
  }
}

export class NoMismatchFlagged extends DomainError {
  readonly code = 'no-mismatch-flagged';
  readonly kind = 'conflict';
  constructor() {
    super('No mismatch is flagged for this patient, so there is nothing to resolve.');
  }
}

export class DecisionNoteRequired extends DomainError {
  readonly code = 'decision-note-required';
  readonly kind = 'invalid';
  constructor(why: string) {
    super(`A note is required ${why}.`, { errors: [{ field: 'note', messages: [`note is required ${why}`] }] });
  }
}

export class SamePhone extends DomainError {
  readonly code = 'same-phone';
  readonly kind = 'conflict';
  constructor() {
    super('The new phone number is the one the account already has.');
  }
}
