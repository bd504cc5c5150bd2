import type { AccessChange } from './access-change.js';
import { AccessState, type AccessReason } from './access-state.js';

/** What about a conversation decides who reads it. */
export interface ConversationFacts {
  linkId: string;
  via: 'invitation' | 'link';
  startedAt: string;
  /** Staff already in it: they wrote in it, or it was assigned to them (or to their team, as it was then). */
  participants: readonly string[];
}

/**
 * Why this person may read the conversation; empty when they may not.
 * Started by an invitation: every staff member. Through a link: the link's
 * standing (owner, owning team, members; everyone when it has no owner), and
 * whoever is already in it — which includes anyone who could read the
 * link's conversations at any moment after it started.
 */
export function reasonsToRead(access: AccessState, staffId: string, conversation: ConversationFacts): AccessReason[] {
  if (!access.isReader(staffId)) return [];
  const reasons = new Set<AccessReason>();
  if (conversation.via === 'invitation') reasons.add('practice_wide');
  const standing = access.standing(staffId, conversation.linkId);
  for (const reason of standing.now) reasons.add(reason);
  if (standing.lostAt !== null && conversation.startedAt < standing.lostAt) reasons.add('in_conversation');
  if (conversation.participants.includes(staffId)) reasons.add('in_conversation');
  return [...reasons];
}

export interface Reader {
  staffId: string;
  reasons: AccessReason[];
}

/** Everyone who may read the conversation in this state of access. */
export function readersOf(access: AccessState, conversation: ConversationFacts): Reader[] {
  return access.staff
    .map((staffId) => ({ staffId, reasons: reasonsToRead(access, staffId, conversation) }))
    .filter((reader) => reader.reasons.length > 0)
    .sort((a, b) => a.staffId.localeCompare(b.staffId));
}

/**
 * Who could read the conversation at `at`: the access history up to then, and
 * the conversation as it was then (null: it had not started; nobody).
 */
export function readersAt(
  changes: readonly AccessChange[],
  conversationThen: ConversationFacts | null,
  at: string,
): Reader[] {
  if (!conversationThen || conversationThen.startedAt > at) return [];
  return readersOf(AccessState.fold(changes, at), conversationThen);
}
