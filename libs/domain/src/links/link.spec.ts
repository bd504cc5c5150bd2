import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import { UnknownStaffMember } from '../teams/team.errors.js';
import type { LinkCommand } from './link.commands.js';
import { linkDecider } from './link.decide.js';
import {
  AlreadyLinkMember,
  AutoAssignNeedsOwner,
  LinkIsArchived,
  LinkNotFound,
  NotALinkMember,
  TagAlreadyApplied,
  TagNotApplied,
  UnknownOwner,
} from './link.errors.js';
import type { LinkEvent } from './link.events.js';
import { InvalidSlug, slugFromRandomBytes, SLUG_ALPHABET } from './slug.js';
import { InvalidTag } from './tag.js';

const spec = specFor(linkDecider);
const at = '2026-11-26T10:00:00.000Z';
const on = { linkId: 'l1', practiceId: 'p1', at };
const created: LinkEvent = {
  type: 'LinkCreated',
  data: { linkId: 'l1', practiceId: 'p1', label: 'Front desk flyer', slug: 'brown-clinic', createdAt: at },
};
const owned: LinkEvent = {
  type: 'OwnerChanged',
  data: { linkId: 'l1', owner: { type: 'team', id: 't1' }, previousOwner: null, changedAt: at },
};
const autoAssigned: LinkEvent = {
  type: 'AutoAssignChanged',
  data: { linkId: 'l1', enabled: true, reason: 'requested', changedAt: at },
};
const when = (given: LinkEvent[], command: LinkCommand) => spec.given(given).when(command);

describe('practice link', () => {
  it('is created with a label and a lower-cased slug', () => {
    const events = when([], { type: 'CreateLink', ...on, label: 'Front desk flyer', slug: 'Brown-Clinic' }).events();
    expect(events).toEqual([created]);
  });

  it('refuses a slug that is too short, has other characters, or is reserved', () => {
    for (const slug of ['ab', 'brown clinic', '-brown', 'docs', 'v1', 'x'.repeat(41)]) {
      expect(when([], { type: 'CreateLink', ...on, label: 'x', slug }).error(), slug).toBeInstanceOf(InvalidSlug);
    }
  });

  it('generates slugs only from unambiguous characters', () => {
    const slug = slugFromRandomBytes(new Uint8Array([0, 7, 30, 31, 62, 100, 200, 255]));
    expect(slug).toHaveLength(8);
    for (const c of slug) expect(SLUG_ALPHABET).toContain(c);
    expect(SLUG_ALPHABET).not.toMatch(/[01ilo]/);
  });

  it('renames and changes slug, recording the slug it had before', () => {
    expect(when([created], { type: 'RenameLink', ...on, label: 'Website' }).events()).toEqual([
      { type: 'LinkRenamed', data: { linkId: 'l1', label: 'Website', renamedAt: at } },
    ]);
    expect(when([created], { type: 'ChangeSlug', ...on, slug: 'brown-2' }).events()).toEqual([
      { type: 'SlugChanged', data: { linkId: 'l1', previousSlug: 'brown-clinic', slug: 'brown-2', changedAt: at } },
    ]);
  });

  it('takes a team or a staff member of the practice as owner, and refuses anyone else naming the field', () => {
    expect(
      when([created], {
        type: 'ChangeOwner',
        ...on,
        owner: { type: 'team', id: 't1' },
        ownerPracticeId: 'p1',
      }).events(),
    ).toEqual([owned]);
    const foreign = when([created], {
      type: 'ChangeOwner',
      ...on,
      owner: { type: 'staff', id: 's9' },
      ownerPracticeId: 'p2',
    }).error();
    expect(foreign).toBeInstanceOf(UnknownOwner);
    expect((foreign as UnknownOwner).details).toMatchObject({ field: 'id' });
    expect(
      when([created], {
        type: 'ChangeOwner',
        ...on,
        owner: { type: 'team', id: 'nope' },
        ownerPracticeId: null,
      }).error(),
    ).toBeInstanceOf(UnknownOwner);
  });

  it('refuses auto-assign while the link has no owner', () => {
    expect(when([created], { type: 'SetAutoAssign', ...on, enabled: true }).error()).toBeInstanceOf(
      AutoAssignNeedsOwner,
    );
    expect(when([created, owned], { type: 'SetAutoAssign', ...on, enabled: true }).events()).toEqual([autoAssigned]);
  });

  it('turns auto-assign off, with its own event and reason, when the owner is removed', () => {
    const events = when([created, owned, autoAssigned], {
      type: 'ChangeOwner',
      ...on,
      owner: null,
      ownerPracticeId: null,
    }).events();
    expect(events).toEqual([
      {
        type: 'OwnerChanged',
        data: { linkId: 'l1', owner: null, previousOwner: { type: 'team', id: 't1' }, changedAt: at },
      },
      { type: 'AutoAssignChanged', data: { linkId: 'l1', enabled: false, reason: 'owner_removed', changedAt: at } },
    ]);
  });

  it('adds staff of the practice as members, and says so when adding twice or removing a non-member', () => {
    const added = when([created], { type: 'AddLinkMember', ...on, staffId: 's1', staffPracticeId: 'p1' }).events();
    expect(added).toEqual([{ type: 'MemberAdded', data: { linkId: 'l1', staffId: 's1', addedAt: at } }]);
    expect(
      when([created, ...added], { type: 'AddLinkMember', ...on, staffId: 's1', staffPracticeId: 'p1' }).error(),
    ).toBeInstanceOf(AlreadyLinkMember);
    expect(
      when([created], { type: 'AddLinkMember', ...on, staffId: 's9', staffPracticeId: null }).error(),
    ).toBeInstanceOf(UnknownStaffMember);
    expect(when([created], { type: 'RemoveLinkMember', ...on, staffId: 's1' }).error()).toBeInstanceOf(NotALinkMember);
    expect(when([created, ...added], { type: 'RemoveLinkMember', ...on, staffId: 's1' }).events()).toHaveLength(1);
  });

  it('applies tags per scope, unique without regard to case, and removes them by any case', () => {
    const applied = when([created], {
      type: 'ApplyTag',
      ...on,
      scope: 'conversation',
      tag: '  New  Patient ',
    }).events();
    expect(applied).toEqual([
      { type: 'TagApplied', data: { linkId: 'l1', scope: 'conversation', tag: 'New Patient', appliedAt: at } },
    ]);
    expect(
      when([created, ...applied], { type: 'ApplyTag', ...on, scope: 'conversation', tag: 'new patient' }).error(),
    ).toBeInstanceOf(TagAlreadyApplied);
    expect(
      when([created, ...applied], { type: 'ApplyTag', ...on, scope: 'contact', tag: 'new patient' }).events(),
    ).toHaveLength(1);
    expect(
      when([created, ...applied], { type: 'RemoveTag', ...on, scope: 'conversation', tag: 'NEW PATIENT' }).events(),
    ).toEqual([
      { type: 'TagRemoved', data: { linkId: 'l1', scope: 'conversation', tag: 'New Patient', removedAt: at } },
    ]);
    expect(when([created], { type: 'RemoveTag', ...on, scope: 'contact', tag: 'vip' }).error()).toBeInstanceOf(
      TagNotApplied,
    );
    expect(when([created], { type: 'ApplyTag', ...on, scope: 'contact', tag: 'no/slashes' }).error()).toBeInstanceOf(
      InvalidTag,
    );
  });

  it('archives once; an archived link changes no more', () => {
    const archived = when([created], { type: 'ArchiveLink', ...on }).events();
    expect(archived).toEqual([{ type: 'LinkArchived', data: { linkId: 'l1', archivedAt: at } }]);
    expect(when([created, ...archived], { type: 'ArchiveLink', ...on }).events()).toEqual([]);
    expect(when([created, ...archived], { type: 'RenameLink', ...on, label: 'x' }).error()).toBeInstanceOf(
      LinkIsArchived,
    );
  });

  it("treats another practice's link as not found", () => {
    expect(when([created], { type: 'RenameLink', ...on, practiceId: 'p2', label: 'x' }).error()).toBeInstanceOf(
      LinkNotFound,
    );
  });
});
