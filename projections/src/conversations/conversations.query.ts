import type { AccessState } from '@pi/domain';
import type { Page, ProjectionEngine, Where } from '@pi/read-store';
import { conversationsProjection, type ConversationDoc } from './conversations.projection.js';

/**
 * The conversations this person may read, as alternatives for the document
 * store: the same rule as the domain's `reasonsToRead` (a spec holds them to
 * each other), in a shape an index can serve.
 */
export function readableBy(access: AccessState, staffId: string): Where[] {
  if (!access.isReader(staffId)) return [];
  const anyOf: Where[] = [{ via: 'invitation' }, { participants: { $contains: staffId } }];
  const now: string[] = [];
  for (const linkId of access.links) {
    const standing = access.standing(staffId, linkId);
    if (standing.now.length > 0) now.push(linkId);
    else if (standing.lostAt !== null) anyOf.push({ linkId, startedAt: { $lt: standing.lostAt } });
  }
  if (now.length > 0) anyOf.push({ linkId: { $in: now } });
  return anyOf;
}

export async function getConversation(
  readModels: ProjectionEngine,
  practiceId: string,
  conversationId: string,
): Promise<ConversationDoc | null> {
  const doc = await readModels.get<ConversationDoc>(conversationsProjection.name, conversationId);
  return doc && doc.practiceId === practiceId ? doc : null;
}

export type InboxView = { kind: 'main' } | { kind: 'mine' } | { kind: 'team'; teamId: string } | { kind: 'all' };

/** `main`, `mine`, `all` or `team:<teamId>` (already validated by the caller) as a view. */
export function parseInboxView(text: string): InboxView {
  if (text === 'main' || text === 'mine' || text === 'all') return { kind: text };
  return { kind: 'team', teamId: text.slice('team:'.length) };
}

export interface InboxFilter {
  view: InboxView;
  status: 'open' | 'archived';
  /** Every one of these tags. */
  tags?: readonly string[];
  linkId?: string;
}

/** The conditions of an inbox view for one person (what they may read is added by the caller's `anyOf`). */
export function inboxWhere(practiceId: string, staffId: string, filter: InboxFilter): Record<string, Where[string]> {
  const where: Record<string, Where[string]> = { practiceId, status: filter.status };
  if (filter.view.kind === 'main') where.assigneeKey = null;
  if (filter.view.kind === 'mine') where.assigneeKey = `staff:${staffId}`;
  if (filter.view.kind === 'team') where.assigneeKey = `team:${filter.view.teamId}`;
  if (filter.tags && filter.tags.length > 0) where.tags = { $containsAll: filter.tags };
  if (filter.linkId) where.linkId = filter.linkId;
  return where;
}

/** A page of an inbox view, the latest activity first. */
export function listInbox(
  readModels: ProjectionEngine,
  readable: readonly Where[],
  where: Where,
  page: { limit: number; cursor?: string | null },
): Promise<Page<ConversationDoc>> {
  return readModels.find<ConversationDoc>(conversationsProjection.name, {
    where,
    anyOf: readable,
    sort: { field: 'activityAt', direction: 'desc' },
    limit: page.limit,
    cursor: page.cursor ?? null,
  });
}

/**
 * How many conversations matching `where` this person may read, counted as
 * disjoint parts an index answers without reading documents: the links they
 * read now; per link they lost, the conversations started before the loss;
 * invitation conversations of every other link; and the conversations they
 * are in beyond those (from the index of who is in what). The same rule as
 * `readableBy` (a spec holds them to each other).
 */
export async function countReadable(
  readModels: ProjectionEngine,
  access: AccessState,
  staffId: string,
  where: Record<string, Where[string]>,
): Promise<number> {
  if (!access.isReader(staffId)) return 0;
  const { linkId: onlyLink, ...rest } = where;
  const links = access.links.filter((linkId) => onlyLink === undefined || linkId === onlyLink);
  const now: string[] = [];
  const lost: [string, string][] = [];
  const never: string[] = [];
  for (const linkId of links) {
    const standing = access.standing(staffId, linkId);
    if (standing.now.length > 0) now.push(linkId);
    else if (standing.lostAt !== null) lost.push([linkId, standing.lostAt]);
    else never.push(linkId);
  }
  const others = [...lost.map(([linkId]) => linkId), ...never];
  // Who has read what is a short list per person: start from it when it is asked about.
  const readHint = rest.readBy !== undefined ? 'readBy' : undefined;
  const count = (extra: Where, anyOf?: Where[], hint = readHint) =>
    readModels.count(conversationsProjection.name, { ...rest, ...extra }, anyOf, hint ? { hint } : undefined);
  // Through links they do not read: conversations they are in that the parts above leave out.
  const beyond: Where[] = [
    ...(never.length > 0 ? [{ linkId: { $in: never } }] : []),
    ...lost.map(([linkId, lostAt]): Where => ({ linkId, startedAt: { $gte: lostAt } })),
  ];
  const parts = await Promise.all([
    now.length > 0 ? count({ linkId: { $in: now } }) : 0,
    others.length > 0 ? count({ linkId: { $in: others }, via: 'invitation' }) : 0,
    ...lost.map(([linkId, lostAt]) => count({ linkId, via: 'link', startedAt: { $lt: lostAt } })),
    beyond.length > 0 ? count({ via: 'link', participants: { $contains: staffId } }, beyond, 'participants') : 0,
  ]);
  return parts.reduce((sum, part) => sum + part, 0);
}

/** Conversations in a view, and those with a message this person has not read. */
export async function countInbox(
  readModels: ProjectionEngine,
  access: AccessState,
  staffId: string,
  where: Record<string, Where[string]>,
): Promise<{ total: number; unread: number }> {
  const withMessage = { ...where, 'lastMessage.at': { $ne: null } };
  const [total, messaged, read] = await Promise.all([
    countReadable(readModels, access, staffId, where),
    countReadable(readModels, access, staffId, withMessage),
    countReadable(readModels, access, staffId, { ...withMessage, readBy: { $contains: staffId } }),
  ]);
  return { total, unread: messaged - read };
}

/** Changes after a cursor, oldest first: the polling feed of what moved in the views. */
export function conversationChanges(
  readModels: ProjectionEngine,
  readable: readonly Where[],
  practiceId: string,
  page: { limit: number; cursor?: string | null },
): Promise<Page<ConversationDoc>> {
  return readModels.find<ConversationDoc>(conversationsProjection.name, {
    where: { practiceId },
    anyOf: readable,
    sort: { field: 'updatedAt', direction: 'asc' },
    limit: page.limit,
    cursor: page.cursor ?? null,
  });
}

/** A patient's conversations with every practice, the latest first (the patient's own web pages). */
export function conversationsOfPatient(
  readModels: ProjectionEngine,
  patientId: string,
): Promise<Page<ConversationDoc>> {
  return readModels.find<ConversationDoc>(conversationsProjection.name, {
    where: { patientId },
    sort: { field: 'activityAt', direction: 'desc' },
    limit: 100,
  });
}

/** Conversations of these contacts (a contact card is readable when one of them is, or when it has none). */
export async function conversationsOfContacts(
  readModels: ProjectionEngine,
  contactIds: readonly string[],
): Promise<ConversationDoc[]> {
  if (contactIds.length === 0) return [];
  const docs: ConversationDoc[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<ConversationDoc> = await readModels.find<ConversationDoc>(conversationsProjection.name, {
      where: { contactId: { $in: contactIds } },
      limit: 500,
      cursor,
    });
    docs.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return docs;
}
