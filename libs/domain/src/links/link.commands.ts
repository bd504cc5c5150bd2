import type { LinkOwner } from './link.events.js';
import type { TagScope } from './tag.js';

interface OnLink {
  linkId: string;
  practiceId: string;
  at: string;
}

export interface CreateLink extends OnLink {
  type: 'CreateLink';
  label: string;
  /** Already reserved by the handler. */
  slug: string;
}
export interface RenameLink extends OnLink {
  type: 'RenameLink';
  label: string;
}
export interface ChangeSlug extends OnLink {
  type: 'ChangeSlug';
  /** Already reserved by the handler. */
  slug: string;
}
export interface ChangeOwner extends OnLink {
  type: 'ChangeOwner';
  owner: LinkOwner | null;
  /** The practice the named staff member or team belongs to; null when it does not exist. */
  ownerPracticeId: string | null;
}
export interface AddLinkMember extends OnLink {
  type: 'AddLinkMember';
  staffId: string;
  staffPracticeId: string | null;
}
export interface RemoveLinkMember extends OnLink {
  type: 'RemoveLinkMember';
  staffId: string;
}
export interface ApplyTag extends OnLink {
  type: 'ApplyTag';
  scope: TagScope;
  tag: string;
}
export interface RemoveTag extends OnLink {
  type: 'RemoveTag';
  scope: TagScope;
  tag: string;
}
export interface SetAutoAssign extends OnLink {
  type: 'SetAutoAssign';
  enabled: boolean;
}
export interface ArchiveLink extends OnLink {
  type: 'ArchiveLink';
}

export type LinkCommand =
  | CreateLink
  | RenameLink
  | ChangeSlug
  | ChangeOwner
  | AddLinkMember
  | RemoveLinkMember
  | ApplyTag
  | RemoveTag
  | SetAutoAssign
  | ArchiveLink;
