import type { LinkEvent, LinkOwner } from './link.events.js';
import type { TagScope } from './tag.js';

export type LinkState =
  | { status: 'absent' }
  | {
      status: 'active' | 'archived';
      linkId: string;
      practiceId: string;
      label: string;
      slug: string;
      owner: LinkOwner | null;
      members: ReadonlySet<string>;
      tags: Readonly<Record<TagScope, readonly string[]>>;
      autoAssign: boolean;
    };

export const initialLinkState: LinkState = { status: 'absent' };

export function evolveLink(state: LinkState, event: LinkEvent): LinkState {
  if (event.type === 'LinkCreated') {
    const { linkId, practiceId, label, slug } = event.data;
    return {
      status: 'active',
      linkId,
      practiceId,
      label,
      slug,
      owner: null,
      members: new Set(),
      tags: { conversation: [], contact: [] },
      autoAssign: false,
    };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'LinkRenamed':
      return { ...state, label: event.data.label };
    case 'SlugChanged':
      return { ...state, slug: event.data.slug };
    case 'OwnerChanged':
      return { ...state, owner: event.data.owner };
    case 'MemberAdded':
      return { ...state, members: new Set([...state.members, event.data.staffId]) };
    case 'MemberRemoved':
      return { ...state, members: new Set([...state.members].filter((id) => id !== event.data.staffId)) };
    case 'TagApplied':
      return {
        ...state,
        tags: { ...state.tags, [event.data.scope]: [...state.tags[event.data.scope], event.data.tag] },
      };
    case 'TagRemoved':
      return {
        ...state,
        tags: { ...state.tags, [event.data.scope]: state.tags[event.data.scope].filter((t) => t !== event.data.tag) },
      };
    case 'AutoAssignChanged':
      return { ...state, autoAssign: event.data.enabled };
    case 'LinkArchived':
      return { ...state, status: 'archived' };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
