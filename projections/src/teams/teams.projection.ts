import { TEAM_EVENT_TYPES, type TeamEvent } from '@pi/domain';
import type { Projection } from '@pi/read-store';

export interface TeamDoc {
  id: string;
  practiceId: string;
  name: string;
  memberIds: string[];
  createdAt: string;
  updatedAt: string;
}

export const teamsProjection: Projection<TeamDoc, TeamEvent> = {
  name: 'teams',
  version: 1,
  indexes: [{ fields: ['practiceId', 'name'] }],
  eventTypes: TEAM_EVENT_TYPES,
  documentId: (event) => event.data.teamId,
  evolve(doc, event) {
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
        return (
          doc && {
            ...doc,
            memberIds: doc.memberIds.filter((id) => id !== event.data.staffId),
            updatedAt: event.data.removedAt,
          }
        );
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
};
