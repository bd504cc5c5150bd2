import { DomainError } from '../shared/domain-error.js';
import type { TagScope } from './tag.js';

export class LinkNotFound extends DomainError {
  readonly code = 'link-not-found';
  readonly kind = 'not_found';
  constructor(linkId: string) {
    super(`No link ${linkId} in this practice.`, { linkId });
  }
}

export class LinkAlreadyExists extends DomainError {
  readonly code = 'link-already-exists';
  readonly kind = 'conflict';
  constructor(linkId: string) {
    super(`Link ${linkId} already exists.`, { linkId });
  }
}

export class LinkIsArchived extends DomainError {
  readonly code = 'link-archived';
  readonly kind = 'conflict';
  constructor(linkId: string) {
    super(`Link ${linkId} is archived; its settings no longer change.`, { linkId });
  }
}

/** The owner named in the body is no staff member or team of this practice. */
export class UnknownOwner extends DomainError {
  readonly code = 'unknown-owner';
  readonly kind = 'unprocessable';
  constructor(type: string, id: string) {
    super(`No ${type === 'team' ? 'team' : 'staff member'} ${id} in this practice.`, {
      field: 'id',
      ownerType: type,
      ownerId: id,
    });
  }
}

export class AlreadyLinkMember extends DomainError {
  readonly code = 'already-link-member';
  readonly kind = 'conflict';
  constructor(staffId: string) {
    super(`Staff member ${staffId} is already a member of this link.`, { staffId });
  }
}

export class NotALinkMember extends DomainError {
  readonly code = 'not-a-link-member';
  readonly kind = 'not_found';
  constructor(staffId: string) {
    super(`Staff member ${staffId} is not a member of this link.`, { staffId });
  }
}

export class TagAlreadyApplied extends DomainError {
  readonly code = 'tag-already-applied';
  readonly kind = 'conflict';
  constructor(scope: TagScope, tag: string) {
    super(`The ${scope} tag "${tag}" is already on this link.`, { scope, tag });
  }
}

export class TagNotApplied extends DomainError {
  readonly code = 'tag-not-applied';
  readonly kind = 'not_found';
  constructor(scope: TagScope, tag: string) {
    super(`The link has no ${scope} tag "${tag}".`, { scope, tag });
  }
}

/** "Only when the owner is set": auto-assign sends conversations to the owner. */
export class AutoAssignNeedsOwner extends DomainError {
  readonly code = 'auto-assign-needs-owner';
  readonly kind = 'conflict';
  constructor() {
    super('Set an owner (a staff member or a team) before turning auto-assign on.');
  }
}
