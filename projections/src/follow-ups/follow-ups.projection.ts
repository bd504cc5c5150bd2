import type { InvitationEvent } from '@pi/domain';
import type { Page, Projection, ProjectionEngine } from '@pi/read-store';

export type FollowUpStatus = 'open' | 'done';

/** An invitation that expired after its reminders went unanswered: staff follow up by phone, or re-invite. */
export interface FollowUpDoc {
  id: string;
  invitationId: string;
  practiceId: string;
  contactId: string;
  status: FollowUpStatus;
  /** Reminders sent before it expired. */
  reminders: number;
  handedOffAt: string;
  /** How it was closed: marked done, or re-invited (a resend). */
  outcome: 'done' | 'reinvited' | null;
  closedAt: string | null;
  /** The staff member who closed it. */
  closedBy: string | null;
}

export const followUpsProjection: Projection<FollowUpDoc, InvitationEvent> = {
  name: 'follow-ups',
  version: 1,
  indexes: [{ fields: ['practiceId', 'status', 'handedOffAt'] }],
  eventTypes: ['InviteHandedOff', 'InviteFollowUpDone', 'InviteResent'],
  documentId: (event) => event.data.invitationId,
  evolve(doc, event) {
    switch (event.type) {
      case 'InviteHandedOff': {
        const { invitationId, practiceId, contactId, reminders, handedOffAt } = event.data;
        return {
          id: invitationId,
          invitationId,
          practiceId,
          contactId,
          status: 'open',
          reminders,
          handedOffAt,
          outcome: null,
          closedAt: null,
          closedBy: null,
        };
      }
      case 'InviteFollowUpDone':
      case 'InviteResent': {
        if (!doc || doc.status !== 'open') return doc;
        const reinvited = event.type === 'InviteResent';
        return {
          ...doc,
          status: 'done',
          outcome: reinvited ? 'reinvited' : 'done',
          closedAt: reinvited ? event.data.sentAt : event.data.doneAt,
          closedBy: event.metadata.actor,
        };
      }
      default:
        return doc;
    }
  },
};

/** A practice's follow-ups, most recent hand-off first. */
export function listFollowUps(
  readModels: ProjectionEngine,
  practiceId: string,
  filter: { status: FollowUpStatus; limit: number; cursor?: string | null },
): Promise<Page<FollowUpDoc>> {
  return readModels.find<FollowUpDoc>(followUpsProjection.name, {
    where: { practiceId, status: filter.status },
    sort: { field: 'handedOffAt', direction: 'desc' },
    limit: filter.limit,
    cursor: filter.cursor ?? null,
  });
}

export function countOpenFollowUps(readModels: ProjectionEngine, practiceId: string): Promise<number> {
  return readModels.count(followUpsProjection.name, { practiceId, status: 'open' });
}
