import {
  ContactNotFound,
  contactDecider,
  INVITE_CAP,
  InviteCapReached,
  insideSendingWindow,
  invitationDecider,
  PatientAlreadyConnected,
  practiceDecider,
  reminderChannels,
  reminderDue,
  streams,
  type ReminderStop,
  type SendReminder,
} from '@pi/domain';
import { dueOnSchedule, type InviteScheduleDoc } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { EmailConsent } from './email-consent.js';
import type { CommandContext } from '../engine/command-context.js';
import type { CommandExecutor } from '../engine/command-executor.js';
import { Periodic } from '../engine/periodic.js';
import type { Clock } from '../engine/tokens.js';
import type { SmsConsent } from './sms-consent.js';
import type { DeliveryProcessor } from './delivery-processor.js';

export interface ScheduleRun {
  /** Held bulk sends delivered now that the window is open. */
  released: number;
  reminded: number;
  /** Reminders that will not go (opted out, capped, connected, contact removed). */
  stopped: number;
  /** Due, but outside the practice's sending window (or not yet due by the log): tried again later. */
  waiting: number;
}

/**
 * Follows up on invitations, driven by a clock and fed by the log (the
 * `invite-schedule` read model): releases bulk sends held for the practice's
 * sending window and sends reminders when they are due and the window is
 * open. A reminder counts toward the contact's cap (recorded on the contact's
 * stream first, like a send, so an interrupted one is finished from the log);
 * a reached cap, a connected patient or a removed contact stops the rest.
 * Runs with the delivery, in exactly one process.
 */
export class ReminderScheduler {
  private readonly periodic: Periodic;

  constructor(
    private readonly readModels: ProjectionEngine,
    private readonly executor: CommandExecutor,
    private readonly delivery: Pick<DeliveryProcessor, 'release'>,
    private readonly consent: { sms: SmsConsent; email: EmailConsent },
    private readonly clock: Clock,
    everyMs = 60_000,
  ) {
    this.periodic = new Periodic('ReminderScheduler', everyMs, () => this.sweep(this.clock.now()));
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** Does what is due at `now`. */
  async sweep(now: Date): Promise<ScheduleRun> {
    const run: ScheduleRun = { released: 0, reminded: 0, stopped: 0, waiting: 0 };
    const at = now.toISOString();
    for (const due of await dueOnSchedule(this.readModels, at, 200)) {
      const context: CommandContext = {
        practiceId: due.practiceId,
        actor: 'system:reminders',
        correlationId: due.id,
        causationId: due.id,
      };
      if (due.what === 'deliver') {
        await this.delivery.release(due.id);
        run.released += 1;
      } else run[await this.remind(due, at, context)] += 1;
    }
    return run;
  }

  private async remind(due: InviteScheduleDoc, at: string, context: CommandContext): Promise<keyof ScheduleRun> {
    const invitation = (await this.executor.load(streams.invitation(due.id), invitationDecider)).state;
    const next = reminderDue(invitation);
    if (invitation.status === 'none' || !next || next.dueAt > at) return 'waiting';
    if (!(await this.windowOpen(invitation.practiceId, at))) return 'waiting';
    const [smsOptedOut, emailOptedOut] = await Promise.all([
      invitation.to.phone !== null && this.consent.sms.optedOut(invitation.practiceId, invitation.to.phone),
      invitation.to.email !== null && this.consent.email.optedOut(invitation.practiceId, invitation.to.email),
    ]);
    const reminder: SendReminder = {
      type: 'SendReminder',
      invitationId: invitation.invitationId,
      practiceId: invitation.practiceId,
      reminder: next.reminder,
      smsOptedOut,
      emailOptedOut,
      at,
    };
    const stream = streams.invitation(invitation.invitationId);
    // With a channel left, it counts toward the contact's cap first; without one, the decider stops the reminders.
    if (reminderChannels(invitation, reminder).length > 0) {
      const stop = await this.countOnContact(invitation.contactId, reminder, invitation.sentTokens.length, context);
      if (stop) {
        const command = { type: 'StopReminders' as const, ...on(reminder), reason: stop };
        await this.executor.execute(stream, invitationDecider, command, context);
        return 'stopped';
      }
    }
    const outcome = await this.executor.execute(stream, invitationDecider, reminder, context);
    return outcome.events.some((e) => e.type === 'InviteReminderSent') ? 'reminded' : 'stopped';
  }

  private async windowOpen(practiceId: string, at: string): Promise<boolean> {
    const practice = (await this.executor.load(streams.practice(practiceId), practiceDecider)).state;
    if (practice.status !== 'registered') return false;
    return insideSendingWindow(at, practice.inviteSettings.sendingWindow, practice.profile.timeZone);
  }

  /** Records the reminder against the contact's cap; what stops the reminders, if anything does. */
  private async countOnContact(
    contactId: string,
    reminder: SendReminder,
    sendNumber: number,
    context: CommandContext,
  ): Promise<ReminderStop | null> {
    // Named by the send it follows and its number: a retried sweep records it once.
    const sendId = `reminder-${reminder.invitationId}-${sendNumber}-${reminder.reminder}`;
    try {
      await this.executor.execute(
        streams.contact(contactId),
        contactDecider,
        {
          type: 'InviteContact',
          contactId,
          practiceId: reminder.practiceId,
          at: reminder.at,
          invitationId: reminder.invitationId,
          sendId,
          cap: INVITE_CAP,
          send: reminder,
        },
        context,
      );
      return null;
    } catch (error) {
      if (error instanceof InviteCapReached) return 'capped';
      if (error instanceof PatientAlreadyConnected) return 'connected';
      if (error instanceof ContactNotFound) return 'contact_removed';
      throw error;
    }
  }
}

const on = (c: SendReminder) => ({ invitationId: c.invitationId, practiceId: c.practiceId, at: c.at });
