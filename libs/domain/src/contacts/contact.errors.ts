import { DomainError } from '../shared/domain-error.js';

export class ContactNotFound extends DomainError {
  readonly code = 'contact-not-found';
  readonly kind = 'not_found';
  constructor(contactId: string) {
    super(`No contact ${contactId} in this practice.`, { contactId });
  }
}

export class ContactAlreadyExists extends DomainError {
  readonly code = 'contact-already-exists';
  readonly kind = 'conflict';
  constructor(contactId: string) {
    super(`Contact ${contactId} already exists.`, { contactId });
  }
}

/** Search before inviting: the person is already in the address book. */
export class DuplicateContact extends DomainError {
  readonly code = 'duplicate-contact';
  readonly kind = 'conflict';
  constructor(existingContactId: string, matchedOn: 'phone' | 'email') {
    super(`A contact with this ${matchedOn} already exists; use it, or send allowDuplicate: true to create another.`, {
      existingContactId,
      matchedOn,
    });
  }
}

/** "Healthie caps resends at 5 per 24 h": a contact is not flooded with invitations. */
export class InviteCapReached extends DomainError {
  readonly code = 'invite-cap-reached';
  readonly kind = 'too_many';
  constructor(
    max: number,
    windowHours: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`This contact was already invited ${max} times in the last ${windowHours} hours; try again later.`, {
      max,
      windowHours,
      retryAfterSeconds,
    });
  }
}

export class ContactTagAlreadyApplied extends DomainError {
  readonly code = 'contact-tag-already-applied';
  readonly kind = 'conflict';
  constructor(tag: string) {
    super(`The contact already has the tag "${tag}".`, { tag });
  }
}

export class ContactTagNotApplied extends DomainError {
  readonly code = 'contact-tag-not-applied';
  readonly kind = 'not_found';
  constructor(tag: string) {
    super(`The contact has no tag "${tag}".`, { tag });
  }
}

/** "Already connected (then message instead of inviting)". */
export class PatientAlreadyConnected extends DomainError {
  readonly code = 'patient-already-connected';
  readonly kind = 'conflict';
  constructor(contactId: string, patientId: string) {
    super(
      'This person is already connected with the practice: message them in their conversation instead of inviting them.',
      { contactId, patientId },
    );
  }
}

/** A contact stays paired with the first patient who proved it; another account gets its own contact. */
export class ContactPairedWithAnotherPatient extends DomainError {
  readonly code = 'contact-paired-with-another-patient';
  readonly kind = 'conflict';
  constructor(contactId: string) {
    super(`Contact ${contactId} is already paired with another patient account.`, { contactId });
  }
}

/** Its personal data was erased: nothing more can be recorded about it. */
export class ContactErased extends DomainError {
  readonly code = 'contact-erased';
  readonly kind = 'not_found';
  constructor(contactId: string) {
    super(`Contact ${contactId} was erased.`, { contactId });
  }
}

/** A connected contact is the practice's half of a patient account: it is erased with the account. */
export class ContactConnected extends DomainError {
  readonly code = 'contact-connected';
  readonly kind = 'conflict';
  constructor(contactId: string, patientId: string) {
    super(
      `Contact ${contactId} is connected to patient ${patientId}: an operator erases it with the patient's account.`,
      { contactId, patientId },
    );
  }
}
