import type { Decider } from '../shared/decider.js';
import { UnknownStaffMember } from '../teams/team.errors.js';
import type {
  AddLinkMember,
  ApplyTag,
  ChangeOwner,
  ChangeSlug,
  CreateLink,
  LinkCommand,
  RemoveLinkMember,
  RemoveTag,
  RenameLink,
  SetAutoAssign,
} from './link.commands.js';
import {
  AlreadyLinkMember,
  AutoAssignNeedsOwner,
  LinkAlreadyExists,
  LinkIsArchived,
  LinkNotFound,
  NotALinkMember,
  TagAlreadyApplied,
  TagNotApplied,
  UnknownOwner,
} from './link.errors.js';
import type { LinkEvent } from './link.events.js';
import { evolveLink, initialLinkState, type LinkState } from './link.state.js';
import { requireSlug } from './slug.js';
import { requireTag, sameTag } from './tag.js';

type ActiveLink = Exclude<LinkState, { status: 'absent' }> & { status: 'active' };

function activeLink(state: LinkState, command: { linkId: string; practiceId: string }): ActiveLink {
  if (state.status === 'absent' || state.practiceId !== command.practiceId) throw new LinkNotFound(command.linkId);
  if (state.status === 'archived') throw new LinkIsArchived(command.linkId);
  return state as ActiveLink;
}

function create(c: CreateLink, state: LinkState): LinkEvent[] {
  if (state.status !== 'absent') throw new LinkAlreadyExists(c.linkId);
  return [
    {
      type: 'LinkCreated',
      data: { linkId: c.linkId, practiceId: c.practiceId, label: c.label, slug: requireSlug(c.slug), createdAt: c.at },
    },
  ];
}

function rename(c: RenameLink, state: LinkState): LinkEvent[] {
  const link = activeLink(state, c);
  return link.label === c.label
    ? []
    : [{ type: 'LinkRenamed', data: { linkId: link.linkId, label: c.label, renamedAt: c.at } }];
}

function changeSlug(c: ChangeSlug, state: LinkState): LinkEvent[] {
  const link = activeLink(state, c);
  const slug = requireSlug(c.slug);
  return link.slug === slug
    ? []
    : [{ type: 'SlugChanged', data: { linkId: link.linkId, previousSlug: link.slug, slug, changedAt: c.at } }];
}

function sameOwner(a: ActiveLink['owner'], b: ActiveLink['owner']): boolean {
  return a === b || (a !== null && b !== null && a.type === b.type && a.id === b.id);
}

function changeOwner(c: ChangeOwner, state: LinkState): LinkEvent[] {
  const link = activeLink(state, c);
  if (c.owner && c.ownerPracticeId !== c.practiceId) throw new UnknownOwner(c.owner.type, c.owner.id);
  if (sameOwner(link.owner, c.owner)) return [];
  const events: LinkEvent[] = [
    { type: 'OwnerChanged', data: { linkId: link.linkId, owner: c.owner, previousOwner: link.owner, changedAt: c.at } },
  ];
  // Auto-assign goes to the owner: without one, it turns off, and says why.
  if (c.owner === null && link.autoAssign) {
    events.push({
      type: 'AutoAssignChanged',
      data: { linkId: link.linkId, enabled: false, reason: 'owner_removed', changedAt: c.at },
    });
  }
  return events;
}

function addMember(c: AddLinkMember, state: LinkState): LinkEvent[] {
  const link = activeLink(state, c);
  if (c.staffPracticeId !== c.practiceId) throw new UnknownStaffMember(c.staffId);
  if (link.members.has(c.staffId)) throw new AlreadyLinkMember(c.staffId);
  return [{ type: 'MemberAdded', data: { linkId: link.linkId, staffId: c.staffId, addedAt: c.at } }];
}

function removeMember(c: RemoveLinkMember, state: LinkState): LinkEvent[] {
  const link = activeLink(state, c);
  if (!link.members.has(c.staffId)) throw new NotALinkMember(c.staffId);
  return [{ type: 'MemberRemoved', data: { linkId: link.linkId, staffId: c.staffId, removedAt: c.at } }];
}

function applyTag(c: ApplyTag, state: LinkState): LinkEvent[] {
  const link = activeLink(state, c);
  const tag = requireTag(c.tag);
  if (link.tags[c.scope].some((t) => sameTag(t, tag))) throw new TagAlreadyApplied(c.scope, tag);
  return [{ type: 'TagApplied', data: { linkId: link.linkId, scope: c.scope, tag, appliedAt: c.at } }];
}

function removeTag(c: RemoveTag, state: LinkState): LinkEvent[] {
  const link = activeLink(state, c);
  const applied = link.tags[c.scope].find((t) => sameTag(t, c.tag.trim()));
  if (applied === undefined) throw new TagNotApplied(c.scope, c.tag.trim());
  return [{ type: 'TagRemoved', data: { linkId: link.linkId, scope: c.scope, tag: applied, removedAt: c.at } }];
}

function setAutoAssign(c: SetAutoAssign, state: LinkState): LinkEvent[] {
  const link = activeLink(state, c);
  if (c.enabled && link.owner === null) throw new AutoAssignNeedsOwner();
  if (link.autoAssign === c.enabled) return [];
  return [
    {
      type: 'AutoAssignChanged',
      data: { linkId: link.linkId, enabled: c.enabled, reason: 'requested', changedAt: c.at },
    },
  ];
}

export function decideLink(command: LinkCommand, state: LinkState): LinkEvent[] {
  switch (command.type) {
    case 'CreateLink':
      return create(command, state);
    case 'RenameLink':
      return rename(command, state);
    case 'ChangeSlug':
      return changeSlug(command, state);
    case 'ChangeOwner':
      return changeOwner(command, state);
    case 'AddLinkMember':
      return addMember(command, state);
    case 'RemoveLinkMember':
      return removeMember(command, state);
    case 'ApplyTag':
      return applyTag(command, state);
    case 'RemoveTag':
      return removeTag(command, state);
    case 'SetAutoAssign':
      return setAutoAssign(command, state);
    case 'ArchiveLink': {
      if (state.status === 'archived' && state.practiceId === command.practiceId) return [];
      const link = activeLink(state, command);
      return [{ type: 'LinkArchived', data: { linkId: link.linkId, archivedAt: command.at } }];
    }
  }
}

export const linkDecider: Decider<LinkCommand, LinkEvent, LinkState> = {
  decide: decideLink,
  evolve: evolveLink,
  initialState: initialLinkState,
};
