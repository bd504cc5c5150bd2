import type { DomainEvent } from '../shared/decider.js';

export type TeamCreated = DomainEvent<
  'TeamCreated',
  { teamId: string; practiceId: string; name: string; createdAt: string }
>;
export type TeamRenamed = DomainEvent<'TeamRenamed', { teamId: string; name: string; renamedAt: string }>;
export type TeamMemberAdded = DomainEvent<'TeamMemberAdded', { teamId: string; staffId: string; addedAt: string }>;
export type TeamMemberRemoved = DomainEvent<
  'TeamMemberRemoved',
  { teamId: string; staffId: string; removedAt: string }
>;

export type TeamEvent = TeamCreated | TeamRenamed | TeamMemberAdded | TeamMemberRemoved;

export const TEAM_EVENT_TYPES = [
  'TeamCreated',
  'TeamRenamed',
  'TeamMemberAdded',
  'TeamMemberRemoved',
] as const satisfies readonly TeamEvent['type'][];
