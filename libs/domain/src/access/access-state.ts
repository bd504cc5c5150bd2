import type { LinkOwner } from '../links/link.events.js';
import type { AccessChange } from './access-change.js';

/** Why someone may read a conversation. */
export type AccessReason = 'owner' | 'owning_team_member' | 'link_member' | 'practice_wide' | 'in_conversation';

/** One person's standing on one link: what gives them its conversations now, and when they last lost that. */
export interface LinkStanding {
  now: readonly AccessReason[];
  /** They keep every conversation of the link that started before this (they were in it). */
  lostAt: string | null;
}

/**
 * Who may read which link's conversations at one moment, folded from the
 * access history. The help pages' rules, in one place:
 * - a link without an owner: every staff member who reads conversations;
 * - a link with an owner: the owner (a person, or every current member of the
 *   owning team) and the link's additional members;
 * - "New members will have access to existing and new conversations": a grant
 *   covers the link's conversations whenever they started;
 * - "You cannot remove a member or owner from a specific patient conversation
 *   they're already in": losing a grant (removed, owner changed, left the
 *   owning team, the link got an owner) keeps every conversation that started
 *   before the loss and only keeps them out of later ones.
 * Deactivated staff, and roles that do not read conversations, see none.
 */
export class AccessState {
  private readonly readers = new Set<string>();
  private readonly everyone = new Set<string>();
  private readonly owners = new Map<string, LinkOwner | null>();
  private readonly linkMembers = new Map<string, Set<string>>();
  private readonly teamMembers = new Map<string, Set<string>>();
  private readonly lost = new Map<string, string>();

  /** Folds the changes recorded up to `at` (all of them without it), in time order. */
  static fold(changes: readonly AccessChange[], at?: string): AccessState {
    const state = new AccessState();
    const inOrder = changes
      .filter((change) => at === undefined || change.at <= at)
      .map((change, index) => ({ change, index }))
      .sort((a, b) => (a.change.at < b.change.at ? -1 : a.change.at > b.change.at ? 1 : a.index - b.index));
    for (const { change } of inOrder) state.apply(change);
    return state;
  }

  /** Staff who read conversations here now. */
  get staff(): string[] {
    return [...this.readers];
  }

  get links(): string[] {
    return [...this.owners.keys()];
  }

  isReader(staffId: string): boolean {
    return this.readers.has(staffId);
  }

  /** Teams this person is on now. */
  teamsOf(staffId: string): string[] {
    return [...this.teamMembers].filter(([, members]) => members.has(staffId)).map(([teamId]) => teamId);
  }

  standing(staffId: string, linkId: string): LinkStanding {
    return { now: this.reasonsNow(staffId, linkId), lostAt: this.lost.get(key(staffId, linkId)) ?? null };
  }

  private reasonsNow(staffId: string, linkId: string): AccessReason[] {
    if (!this.readers.has(staffId) || !this.owners.has(linkId)) return [];
    const owner = this.owners.get(linkId) ?? null;
    const reasons: AccessReason[] = [];
    if (owner === null) reasons.push('practice_wide');
    else if (owner.type === 'staff' && owner.id === staffId) reasons.push('owner');
    else if (owner.type === 'team' && this.teamMembers.get(owner.id)?.has(staffId)) reasons.push('owning_team_member');
    if (this.linkMembers.get(linkId)?.has(staffId)) reasons.push('link_member');
    return reasons;
  }

  private apply(change: AccessChange): void {
    const pairs = this.affected(change);
    const before = pairs.map(([staffId, linkId]) => this.reasonsNow(staffId, linkId).length > 0);
    this.mutate(change);
    pairs.forEach(([staffId, linkId], i) => {
      if (before[i] && this.reasonsNow(staffId, linkId).length === 0) this.lost.set(key(staffId, linkId), change.at);
    });
  }

  private affected(change: AccessChange): [string, string][] {
    switch (change.kind) {
      case 'staff':
        return this.links.map((linkId) => [change.staffId, linkId]);
      case 'link':
      case 'owner':
        return [...this.everyone].map((staffId) => [staffId, change.linkId]);
      case 'linkMember':
        return [[change.staffId, change.linkId]];
      case 'teamMember':
        return [...this.owners]
          .filter(([, owner]) => owner?.type === 'team' && owner.id === change.teamId)
          .map(([linkId]) => [change.staffId, linkId]);
    }
  }

  private mutate(change: AccessChange): void {
    switch (change.kind) {
      case 'staff':
        this.everyone.add(change.staffId);
        if (change.readsConversations) this.readers.add(change.staffId);
        else this.readers.delete(change.staffId);
        return;
      case 'link':
        if (!this.owners.has(change.linkId)) this.owners.set(change.linkId, null);
        return;
      case 'owner':
        this.owners.set(change.linkId, change.owner);
        return;
      case 'linkMember':
        toggle(this.linkMembers, change.linkId, change.staffId, change.member);
        return;
      case 'teamMember':
        toggle(this.teamMembers, change.teamId, change.staffId, change.member);
        return;
    }
  }
}

function key(staffId: string, linkId: string): string {
  return `${staffId}\n${linkId}`;
}

function toggle(sets: Map<string, Set<string>>, id: string, member: string, present: boolean): void {
  const set = sets.get(id) ?? new Set<string>();
  if (present) set.add(member);
  else set.delete(member);
  sets.set(id, set);
}
