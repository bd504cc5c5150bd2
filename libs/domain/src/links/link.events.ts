import type { DomainEvent } from '../shared/decider.js';
import type { TagScope } from './tag.js';
import type { VisitSource } from './visit-source.js';

export type LinkOwner = { type: 'staff'; id: string } | { type: 'team'; id: string };

export type LinkCreated = DomainEvent<
  'LinkCreated',
  { linkId: string; practiceId: string; label: string; slug: string; createdAt: string }
>;
export type LinkRenamed = DomainEvent<'LinkRenamed', { linkId: string; label: string; renamedAt: string }>;
export type SlugChanged = DomainEvent<
  'SlugChanged',
  { linkId: string; previousSlug: string; slug: string; changedAt: string }
>;
/** owner null: the link has no owner any more. */
export type OwnerChanged = DomainEvent<
  'OwnerChanged',
  { linkId: string; owner: LinkOwner | null; previousOwner: LinkOwner | null; changedAt: string }
>;
export type MemberAdded = DomainEvent<'MemberAdded', { linkId: string; staffId: string; addedAt: string }>;
export type MemberRemoved = DomainEvent<'MemberRemoved', { linkId: string; staffId: string; removedAt: string }>;
export type TagApplied = DomainEvent<'TagApplied', { linkId: string; scope: TagScope; tag: string; appliedAt: string }>;
export type TagRemoved = DomainEvent<'TagRemoved', { linkId: string; scope: TagScope; tag: string; removedAt: string }>;
/** reason: why it changed when no one asked (the owner was removed). */
export type AutoAssignChanged = DomainEvent<
  'AutoAssignChanged',
  { linkId: string; enabled: boolean; reason: 'requested' | 'owner_removed'; changedAt: string }
>;
export type LinkArchived = DomainEvent<'LinkArchived', { linkId: string; archivedAt: string }>;

export type LinkEvent =
  | LinkCreated
  | LinkRenamed
  | SlugChanged
  | OwnerChanged
  | MemberAdded
  | MemberRemoved
  | TagApplied
  | TagRemoved
  | AutoAssignChanged
  | LinkArchived;

export const LINK_EVENT_TYPES = [
  'LinkCreated',
  'LinkRenamed',
  'SlugChanged',
  'OwnerChanged',
  'MemberAdded',
  'MemberRemoved',
  'TagApplied',
  'TagRemoved',
  'AutoAssignChanged',
  'LinkArchived',
] as const satisfies readonly LinkEvent['type'][];

/** A patient (or a scanner) opened a link's public page. Kept in its own stream per link and day. */
export type LinkPageViewed = DomainEvent<
  'LinkPageViewed',
  {
    linkId: string;
    practiceId: string;
    day: string;
    viewedAt: string;
    withInvitation: boolean;
    /** Since the funnel release; older views: see `sourceOfView`. */
    source?: VisitSource;
    /** A pseudonymous visitor key for counting unique visitors per day; never an address. */
    visitor: string;
    automated: boolean;
    automatedReason: string | null;
  }
>;
