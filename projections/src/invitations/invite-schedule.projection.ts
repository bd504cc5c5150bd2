import type { InvitationEvent } from '@pi/domain';
import type { Projection, ProjectionEngine } from '@pi/read-store';

/**
 * What the scheduler does next for a pending invitation, and when: deliver a
 * bulk send held for the practice's sending window, or send its next reminder.
 * A document exists only while something is due; acceptance, revoke, expiry
 * and a stop remove it. Fed by the log, so it survives restarts and rebuilds.
 */
export interface InviteScheduleDoc {
  id: string;
  practiceId: string;
  what: 'deliver' | 'remind';
  dueAt: string;
  /** The delivery round held ('deliver'). */
  round: number;
  /** Which reminder is due ('remind'): 1 for the first after the last send. */
  reminder: number;
  remindAt: string[];
  remindersSent: number;
}

type Planned = Omit<InviteScheduleDoc, 'what' | 'dueAt' | 'reminder'>;

/** The next reminder of a send, or nothing left to do. */
function nextReminder(planned: Planned): InviteScheduleDoc | null {
  const dueAt = planned.remindAt[planned.remindersSent];
  return dueAt === undefined ? null : { ...planned, what: 'remind', dueAt, reminder: planned.remindersSent + 1 };
}

function planned(
  id: string,
  practiceId: string,
  round: number,
  data: { remindAt?: string[]; holdUntil?: string },
): InviteScheduleDoc | null {
  const base: Planned = { id, practiceId, round, remindAt: data.remindAt ?? [], remindersSent: 0 };
  if (data.holdUntil) return { ...base, what: 'deliver', dueAt: data.holdUntil, reminder: 1 };
  return nextReminder(base);
}

export const inviteScheduleProjection: Projection<InviteScheduleDoc, InvitationEvent> = {
  name: 'invite-schedule',
  version: 1,
  indexes: [{ fields: ['dueAt'] }],
  eventTypes: [
    'InviteSent',
    'InviteResent',
    'InviteDeliveryAttempted',
    'InviteDeliveryFailed',
    'InviteReminderSent',
    'InviteRemindersStopped',
    'InviteAccepted',
    'InviteAcceptedByLink',
    'InviteRevoked',
    'InviteExpired',
  ],
  documentId: (event) => event.data.invitationId,
  evolve(doc, event) {
    switch (event.type) {
      case 'InviteSent':
        return planned(event.data.invitationId, event.data.practiceId, 1, event.data);
      case 'InviteResent':
        return planned(event.data.invitationId, event.metadata.practiceId, event.data.round, event.data);
      case 'InviteDeliveryAttempted':
      case 'InviteDeliveryFailed':
        // The held round is on its way: next, its reminders.
        if (!doc || doc.what !== 'deliver' || event.data.round !== doc.round) return doc;
        return nextReminder(doc);
      case 'InviteReminderSent':
        return doc && nextReminder({ ...doc, round: event.data.round, remindersSent: event.data.reminder });
      case 'InviteRemindersStopped':
      case 'InviteAccepted':
      case 'InviteAcceptedByLink':
      case 'InviteRevoked':
      case 'InviteExpired':
        return null;
      default:
        return doc;
    }
  },
};

/** What is due at `now`, earliest first. */
export async function dueOnSchedule(
  readModels: ProjectionEngine,
  now: string,
  limit: number,
): Promise<InviteScheduleDoc[]> {
  const { items } = await readModels.find<InviteScheduleDoc>(inviteScheduleProjection.name, {
    where: { dueAt: { $lte: now } },
    sort: { field: 'dueAt', direction: 'asc' },
    limit,
  });
  return items;
}
