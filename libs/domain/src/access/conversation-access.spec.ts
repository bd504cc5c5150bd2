import { describe, expect, it } from 'vitest';
import type { LinkOwner } from '../links/link.events.js';
import type { AccessChange } from './access-change.js';
import { AccessState } from './access-state.js';
import { readersAt, readersOf, reasonsToRead, type ConversationFacts } from './conversation-access.js';

/** Minutes after 09:00 as an ISO time, so histories read in order. */
const t = (minute: number) => new Date(Date.UTC(2026, 2, 3, 9, minute)).toISOString();
const staff = (staffId: string, minute = 0, readsConversations = true): AccessChange => ({
  kind: 'staff',
  staffId,
  readsConversations,
  at: t(minute),
});
const link = (linkId: string, minute = 0): AccessChange => ({ kind: 'link', linkId, at: t(minute) });
const ownedBy = (linkId: string, owner: LinkOwner, minute: number): AccessChange => ({
  kind: 'owner',
  linkId,
  owner,
  at: t(minute),
});
const member = (linkId: string, staffId: string, isMember: boolean, minute: number): AccessChange => ({
  kind: 'linkMember',
  linkId,
  staffId,
  member: isMember,
  at: t(minute),
});
const onTeam = (teamId: string, staffId: string, isMember: boolean, minute: number): AccessChange => ({
  kind: 'teamMember',
  teamId,
  staffId,
  member: isMember,
  at: t(minute),
});
const through = (linkId: string, minute: number, participants: string[] = []): ConversationFacts => ({
  linkId,
  via: 'link',
  startedAt: t(minute),
  participants,
});

const practice = [staff('ann'), staff('bob'), staff('cat'), staff('dan'), link('l1'), link('l2')];
const names = (readers: { staffId: string }[]) => readers.map((reader) => reader.staffId);
const readers = (history: AccessChange[], conversation: ConversationFacts) =>
  names(readersOf(AccessState.fold(history), conversation));

describe('who reads a conversation (the help pages, "Managing Ownership" and "Managing Additional Members")', () => {
  it('a link without an owner: every staff member of the practice', () => {
    expect(readers(practice, through('l1', 5))).toEqual(['ann', 'bob', 'cat', 'dan']);
  });

  it('"Non-owners will not have access to correspondence regarding this Spruce Link": only the owner', () => {
    const history = [...practice, ownedBy('l1', { type: 'staff', id: 'ann' }, 1)];
    expect(readers(history, through('l1', 5))).toEqual(['ann']);
    expect(reasonsToRead(AccessState.fold(history), 'ann', through('l1', 5))).toEqual(['owner']);
  });

  it('a team owns it: every current member of the team', () => {
    const history = [
      ...practice,
      onTeam('front', 'bob', true, 1),
      onTeam('front', 'cat', true, 1),
      ownedBy('l1', { type: 'team', id: 'front' }, 2),
    ];
    expect(readers(history, through('l1', 5))).toEqual(['bob', 'cat']);
    expect(readers([...history, onTeam('front', 'dan', true, 9)], through('l1', 5))).toEqual(['bob', 'cat', 'dan']);
  });

  it('"Additional members can also see incoming communication"; "Non-members will not have access"', () => {
    const history = [...practice, ownedBy('l1', { type: 'staff', id: 'ann' }, 1), member('l1', 'bob', true, 2)];
    expect(readers(history, through('l1', 5))).toEqual(['ann', 'bob']);
    expect(reasonsToRead(AccessState.fold(history), 'cat', through('l1', 5))).toEqual([]);
  });

  it('"New members will have access to existing and new conversations"', () => {
    const history = [...practice, ownedBy('l1', { type: 'staff', id: 'ann' }, 1), member('l1', 'bob', true, 30)];
    expect(readers(history, through('l1', 5))).toEqual(['ann', 'bob']);
    expect(readers(history, through('l1', 45))).toEqual(['ann', 'bob']);
  });

  it('"You cannot remove a member or owner from a specific patient conversation they\'re already in"', () => {
    const history = [
      ...practice,
      ownedBy('l1', { type: 'staff', id: 'ann' }, 1),
      member('l1', 'bob', true, 2),
      member('l1', 'bob', false, 30),
      ownedBy('l1', { type: 'staff', id: 'cat' }, 40),
    ];
    // Started while bob was a member and ann the owner: both stay in it.
    expect(readers(history, through('l1', 5))).toEqual(['ann', 'bob', 'cat']);
    expect(reasonsToRead(AccessState.fold(history), 'bob', through('l1', 5))).toEqual(['in_conversation']);
    // Removing only keeps them out of later ones.
    expect(readers(history, through('l1', 35))).toEqual(['ann', 'cat']);
    expect(readers(history, through('l1', 45))).toEqual(['cat']);
  });

  it('leaving the owning team keeps the conversations one was in, and none after', () => {
    const history = [
      ...practice,
      onTeam('front', 'bob', true, 1),
      ownedBy('l1', { type: 'team', id: 'front' }, 2),
      onTeam('front', 'bob', false, 30),
    ];
    expect(readers(history, through('l1', 5))).toEqual(['bob']);
    expect(readers(history, through('l1', 35))).toEqual([]);
  });

  it('a link that gets an owner keeps its earlier conversations with everyone who could read them', () => {
    const history = [...practice, ownedBy('l1', { type: 'staff', id: 'ann' }, 30)];
    expect(readers(history, through('l1', 5))).toEqual(['ann', 'bob', 'cat', 'dan']);
    expect(readers(history, through('l1', 35))).toEqual(['ann']);
  });

  it('conversations started by an invitation: every staff member', () => {
    const history = [...practice, ownedBy('l1', { type: 'staff', id: 'ann' }, 1)];
    expect(readers(history, { ...through('l1', 5), via: 'invitation' })).toEqual(['ann', 'bob', 'cat', 'dan']);
  });

  it('staff already in the conversation (assigned, or wrote in it) read it whatever the link says', () => {
    const history = [...practice, ownedBy('l1', { type: 'staff', id: 'ann' }, 1)];
    expect(readers(history, through('l1', 5, ['dan']))).toEqual(['ann', 'dan']);
  });

  it('deactivated staff, auditors and support read no conversation', () => {
    const history = [...practice, staff('eve', 0, false), staff('dan', 20, false)];
    expect(readers(history, through('l2', 5))).toEqual(['ann', 'bob', 'cat']);
  });

  it('other links decide nothing about this one', () => {
    const history = [...practice, ownedBy('l2', { type: 'staff', id: 'ann' }, 1)];
    expect(readers(history, through('l1', 5))).toEqual(['ann', 'bob', 'cat', 'dan']);
  });
});

describe('who could read it on a date', () => {
  const history = [
    ...practice,
    ownedBy('l1', { type: 'staff', id: 'ann' }, 1),
    member('l1', 'bob', true, 20),
    member('l1', 'bob', false, 50),
  ];

  it('folds only what had happened by then', () => {
    expect(names(readersAt(history, through('l1', 5), t(10)))).toEqual(['ann']);
    expect(names(readersAt(history, through('l1', 5), t(25)))).toEqual(['ann', 'bob']);
    expect(readersAt(history, through('l1', 5), t(25)).find((r) => r.staffId === 'bob')?.reasons).toEqual([
      'link_member',
    ]);
    // Removed at 50, but already in it.
    expect(readersAt(history, through('l1', 5), t(55)).find((r) => r.staffId === 'bob')?.reasons).toEqual([
      'in_conversation',
    ]);
  });

  it('nobody, before the conversation started', () => {
    expect(readersAt(history, through('l1', 30), t(10))).toEqual([]);
    expect(readersAt(history, null, t(10))).toEqual([]);
  });
});
