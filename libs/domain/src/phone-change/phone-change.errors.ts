import { DomainError } from '../shared/domain-error.js';

export class PhoneInUse extends DomainError {
  readonly code = 'phone-in-use';
  readonly kind = 'conflict';
  constructor() {
    super('This number already belongs to another patient account; it cannot be moved by a request.');
  }
}

/** Codes are sent and checked only for an approved request. */
export class PhoneChangeNotApproved extends DomainError {
  readonly code = 'phone-change-not-approved';
  readonly kind = 'conflict';
}

/** The request names evidence this practice never uploaded. */
export class UnknownEvidence extends DomainError {
  readonly code = 'evidence-not-found';
  readonly kind = 'unprocessable';
  constructor() {
    super('No evidence of this practice with this sha256: upload the photo first with POST /v1/evidence.', {
      errors: [{ field: 'evidenceSha256', messages: ['unknown evidence'] }],
    });
  }
}

/** The evidence a request cites is no longer stored (its file is gone). */
export class EvidenceGone extends DomainError {
  readonly code = 'evidence-not-found';
  readonly kind = 'not_found';
  constructor() {
    super('The evidence file of this request is no longer stored.');
  }
}
