import { requireReminderDays } from '../invitations/reminder-schedule.js';
import { requireSendingWindow } from '../invitations/sending-window.js';
import type { InviteSettings } from './practice.events.js';
import type { Decider } from '../shared/decider.js';
import { requirePhone } from '../shared/phone.js';
import { requireTimeZone } from '../shared/time-zone.js';
import type {
  ChangeInviteSettings,
  PracticeCommand,
  RegisterPractice,
  UpdatePracticeProfile,
} from './practice.commands.js';
import { PracticeAlreadyRegistered, PracticeNotFound } from './practice.errors.js';
import type { PracticeEvent, PracticeProfile } from './practice.events.js';
import { evolvePractice, initialPracticeState, type PracticeState } from './practice.state.js';

function register(command: RegisterPractice, state: PracticeState): PracticeEvent[] {
  if (state.status === 'registered') throw new PracticeAlreadyRegistered(command.practiceId);
  return [
    {
      type: 'PracticeRegistered',
      data: {
        practiceId: command.practiceId,
        name: command.name,
        defaultCountry: command.defaultCountry,
        registeredAt: command.at,
      },
    },
  ];
}

function updateProfile(command: UpdatePracticeProfile, state: PracticeState): PracticeEvent[] {
  if (state.status !== 'registered') throw new PracticeNotFound();
  const { phone, timeZone, ...rest } = command.changes;
  const requested: Partial<PracticeProfile> = { ...rest };
  if (timeZone !== undefined) requested.timeZone = requireTimeZone(timeZone);
  if (phone !== undefined)
    requested.phone = phone === null ? null : requirePhone(phone, state.defaultCountry, 'phone').e164;
  const changes = changedFields(state.profile, requested);
  // Saving the same profile twice is not news: nothing to record.
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'PracticeProfileUpdated', data: { practiceId: state.practiceId, changes, updatedAt: command.at } }];
}

function changedFields(current: PracticeProfile, requested: Partial<PracticeProfile>): Partial<PracticeProfile> {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(requested)) {
    if (value === undefined) continue;
    if (JSON.stringify(current[field as keyof PracticeProfile]) !== JSON.stringify(value)) changes[field] = value;
  }
  return changes;
}

function changeInviteSettings(command: ChangeInviteSettings, state: PracticeState): PracticeEvent[] {
  if (state.status !== 'registered') throw new PracticeNotFound();
  const current = state.inviteSettings;
  const expiryDays = command.expiryDays ?? current.expiryDays;
  const settings: InviteSettings = {
    messageTemplate:
      command.messageTemplate === undefined ? current.messageTemplate : command.messageTemplate?.trim() || null,
    expiryDays,
    // Reminders given must come before the link expires; kept ones past a shortened expiry are dropped.
    reminderDays: command.reminderDays
      ? requireReminderDays(command.reminderDays, expiryDays)
      : current.reminderDays.filter((day) => day < expiryDays),
    sendingWindow: command.sendingWindow ? requireSendingWindow(command.sendingWindow) : current.sendingWindow,
  };
  if (JSON.stringify(settings) === JSON.stringify(current)) return [];
  return [{ type: 'InviteSettingsChanged', data: { practiceId: state.practiceId, settings, changedAt: command.at } }];
}

export function decidePractice(command: PracticeCommand, state: PracticeState): PracticeEvent[] {
  switch (command.type) {
    case 'ChangeInviteSettings':
      return changeInviteSettings(command, state);
    case 'RegisterPractice':
      return register(command, state);
    case 'UpdatePracticeProfile':
      return updateProfile(command, state);
  }
}

export const practiceDecider: Decider<PracticeCommand, PracticeEvent, PracticeState> = {
  decide: decidePractice,
  evolve: evolvePractice,
  initialState: initialPracticeState,
};
