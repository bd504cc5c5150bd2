import { TEAM_EVENT_TYPES, type TeamEvent } from '@pi/domain';
import type { Projection } from '@pi/read-store';
import { asDomainEvent } from '../shared/as-domain-event.js';

export interface TeamDoc {
  id: string;
  practiceId: string;
  name: string;
  memberIds: string[];
  createdAt: string;
  updatedAt: string;
}

export const teamsProjection: Projection<TeamDoc> = {
  name: 'teams',
  version: 1,
  indexes: [{ fields: ['practiceId', 'name'] }],
  eventTypes: TEAM_EVENT_TYPES,
  documentId: (event) => asDomainEvent<TeamEvent>(event).data.teamId,
  evolve(doc, recorded) {
    const event = asDomainEvent<TeamEvent>(recorded);
    switch (event.type) {
      case 'TeamCreated': {
        const { teamId, practiceId, name, createdAt } = event.data;
        return { id: teamId, practiceId, name, memberIds: [], createdAt, updatedAt: createdAt };
      }
      case 'TeamRenamed':
        return doc && { ...doc, name: event.data.name, updatedAt: event.data.renamedAt };
      case 'TeamMemberAdded':
        return doc && { ...doc, memberIds: [...doc.memberIds, event.data.staffId], updatedAt: event.data.addedAt };
      case 'TeamMemberRemoved':
        return doc && { ...doc, memberIds: doc.memberIds.filter((id) => id !== event.data.staffId), updatedAt: event.data.removedAt };
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
};
