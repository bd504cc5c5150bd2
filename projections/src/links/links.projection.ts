import { LINK_EVENT_TYPES, type LinkEvent, type LinkOwner, type TagScope } from '@pi/domain';
import type { Projection } from '@pi/read-store';

/** When a tag was on the link: later issues ask which tags applied at a given time. */
export interface TagPeriod {
  scope: TagScope;
  tag: string;
  appliedAt: string;
  removedAt: string | null;
}

export interface LinkDoc {
  id: string;
  practiceId: string;
  label: string;
  slug: string;
  owner: LinkOwner | null;
  memberIds: string[];
  tags: Record<TagScope, string[]>;
  tagHistory: TagPeriod[];
  autoAssign: boolean;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

function at(event: LinkEvent): string {
  const data = event.data as Record<string, unknown>;
  return String(
    data.createdAt ??
      data.renamedAt ??
      data.changedAt ??
      data.addedAt ??
      data.removedAt ??
      data.appliedAt ??
      data.archivedAt,
  );
}

export const linksProjection: Projection<LinkDoc, LinkEvent> = {
  name: 'links',
  version: 1,
  indexes: [{ fields: ['slug'] }, { fields: ['practiceId', 'createdAt'] }],
  eventTypes: LINK_EVENT_TYPES,
  documentId: (event) => event.data.linkId,
  evolve(doc, event) {
    if (event.type === 'LinkCreated') {
      const { linkId, practiceId, label, slug, createdAt } = event.data;
      return {
        id: linkId,
        practiceId,
        label,
        slug,
        owner: null,
        memberIds: [],
        tags: { conversation: [], contact: [] },
        tagHistory: [],
        autoAssign: false,
        archived: false,
        createdAt,
        updatedAt: createdAt,
      };
    }
    if (!doc) return null;
    const next: LinkDoc = { ...doc, updatedAt: at(event) };
    switch (event.type) {
      case 'LinkRenamed':
        return { ...next, label: event.data.label };
      case 'SlugChanged':
        return { ...next, slug: event.data.slug };
      case 'OwnerChanged':
        return { ...next, owner: event.data.owner };
      case 'MemberAdded':
        return { ...next, memberIds: [...doc.memberIds, event.data.staffId] };
      case 'MemberRemoved':
        return { ...next, memberIds: doc.memberIds.filter((id) => id !== event.data.staffId) };
      case 'TagApplied': {
        const { scope, tag, appliedAt } = event.data;
        return {
          ...next,
          tags: { ...doc.tags, [scope]: [...doc.tags[scope], tag] },
          tagHistory: [...doc.tagHistory, { scope, tag, appliedAt, removedAt: null }],
        };
      }
      case 'TagRemoved': {
        const { scope, tag, removedAt } = event.data;
        return {
          ...next,
          tags: { ...doc.tags, [scope]: doc.tags[scope].filter((t) => t !== tag) },
          tagHistory: doc.tagHistory.map((p) =>
            p.scope === scope && p.tag === tag && p.removedAt === null ? { ...p, removedAt } : p,
          ),
        };
      }
      case 'AutoAssignChanged':
        return { ...next, autoAssign: event.data.enabled };
      case 'LinkArchived':
        return { ...next, archived: true };
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
};

/** The tags of a scope that were on the link at a moment (for conversations started then). */
export function tagsAt(doc: Pick<LinkDoc, 'tagHistory'>, scope: TagScope, time: string): string[] {
  return doc.tagHistory
    .filter((p) => p.scope === scope && p.appliedAt <= time && (p.removedAt === null || p.removedAt > time))
    .map((p) => p.tag);
}
