import { InvalidReminderSchedule } from '../invitations/reminder-schedule.js';
import { InvalidSendingWindow } from '../invitations/sending-window.js';
import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import { InvalidPhoneNumber } from '../shared/phone.js';
import { InvalidTimeZone } from '../shared/time-zone.js';
import { practiceDecider } from './practice.decide.js';
import { PracticeAlreadyRegistered, PracticeNotFound } from './practice.errors.js';
import type { PracticeProfileUpdated, PracticeRegistered } from './practice.events.js';

const spec = specFor(practiceDecider);
const at = '2026-11-26T10:00:00.000Z';
const registered: PracticeRegistered = {
  type: 'PracticeRegistered',
  data: { practiceId: 'p1', name: 'Brown Clinic', defaultCountry: 'US', registeredAt: at },
};

describe('practice', () => {
  it('registers a new practice with its name and default country', () => {
    const events = spec
      .given([])
      .when({ type: 'RegisterPractice', practiceId: 'p1', name: 'Brown Clinic', defaultCountry: 'US', at })
      .events();
    expect(events).toEqual([registered]);
  });

  it('refuses to register the same practice twice', () => {
    const error = spec
      .given([registered])
      .when({ type: 'RegisterPractice', practiceId: 'p1', name: 'Other', defaultCountry: 'US', at })
      .error();
    expect(error).toBeInstanceOf(PracticeAlreadyRegistered);
  });

  it('records only the profile fields that changed', () => {
    const events = spec
      .given([registered])
      .when({
        type: 'UpdatePracticeProfile',
        practiceId: 'p1',
        changes: { name: 'Brown Clinic', about: 'Family medicine', offerings: ['Vaccines'] },
        at,
      })
      .events();
    expect(events).toEqual([
      {
        type: 'PracticeProfileUpdated',
        data: { practiceId: 'p1', changes: { about: 'Family medicine', offerings: ['Vaccines'] }, updatedAt: at },
      },
    ]);
  });

  it('records nothing when the profile is saved unchanged', () => {
    const events = spec
      .given([
        registered,
        { type: 'PracticeProfileUpdated', data: { practiceId: 'p1', changes: { about: 'Hi' }, updatedAt: at } },
      ])
      .when({ type: 'UpdatePracticeProfile', practiceId: 'p1', changes: { about: 'Hi', name: 'Brown Clinic' }, at })
      .events();
    expect(events).toEqual([]);
  });

  it('clears a field when it is set to null', () => {
    const events = spec
      .given([
        registered,
        {
          type: 'PracticeProfileUpdated',
          data: { practiceId: 'p1', changes: { logoUrl: 'https://x.test/l.png' }, updatedAt: at },
        },
      ])
      .when({ type: 'UpdatePracticeProfile', practiceId: 'p1', changes: { logoUrl: null }, at })
      .events();
    expect((events[0] as PracticeProfileUpdated).data.changes).toEqual({ logoUrl: null });
  });

  it("stores the practice phone as E.164, read against the practice's country", () => {
    const events = spec
      .given([registered])
      .when({ type: 'UpdatePracticeProfile', practiceId: 'p1', changes: { phone: '(415) 555-0100' }, at })
      .events();
    expect((events[0] as PracticeProfileUpdated).data.changes).toEqual({ phone: '+14155550100' });
  });

  it('refuses a phone number it cannot read, naming the field', () => {
    const error = spec
      .given([registered])
      .when({ type: 'UpdatePracticeProfile', practiceId: 'p1', changes: { phone: '12' }, at })
      .error();
    expect(error).toBeInstanceOf(InvalidPhoneNumber);
    expect((error as InvalidPhoneNumber).details).toMatchObject({ errors: [{ field: 'phone' }] });
  });

  it("keeps the practice's time zone by its canonical IANA name (UTC until set), and refuses one it does not know", () => {
    const update = (timeZone: string) =>
      spec.given([registered]).when({ type: 'UpdatePracticeProfile', practiceId: 'p1', changes: { timeZone }, at });
    expect(update('america/chicago').events()).toEqual([
      {
        type: 'PracticeProfileUpdated',
        data: { practiceId: 'p1', changes: { timeZone: 'America/Chicago' }, updatedAt: at },
      },
    ]);
    expect(update('UTC').events()).toEqual([]);
    const error = update('Mars/Olympus_Mons').error();
    expect(error).toBeInstanceOf(InvalidTimeZone);
    expect(error).toMatchObject({ details: { field: 'timeZone' } });
  });

  it('changes the invitation settings, keeping what is left out, and records nothing when unchanged', () => {
    const events = spec
      .given([registered])
      .when({ type: 'ChangeInviteSettings', practiceId: 'p1', expiryDays: 7, at })
      .events();
    expect(events).toEqual([
      {
        type: 'InviteSettingsChanged',
        data: {
          practiceId: 'p1',
          settings: {
            messageTemplate: null,
            expiryDays: 7,
            reminderDays: [2, 5],
            sendingWindow: { from: '08:00', until: '21:00' },
          },
          changedAt: at,
        },
      },
    ]);
    expect(
      spec
        .given([registered, ...events])
        .when({ type: 'ChangeInviteSettings', practiceId: 'p1', expiryDays: 7, at })
        .events(),
    ).toEqual([]);
    const template = spec
      .given([registered, ...events])
      .when({ type: 'ChangeInviteSettings', practiceId: 'p1', messageTemplate: ' {practice} invites you ', at })
      .events();
    expect(template[0]?.data).toMatchObject({ settings: { messageTemplate: '{practice} invites you', expiryDays: 7 } });
  });

  it('changes the reminders and the sending window, and refuses reminders past the expiry or a window that never opens', () => {
    const [changed] = spec
      .given([registered])
      .when({
        type: 'ChangeInviteSettings',
        practiceId: 'p1',
        reminderDays: [1, 3],
        sendingWindow: { from: '09:00', until: '17:00' },
        at,
      })
      .events();
    expect(changed.data).toMatchObject({
      settings: { reminderDays: [1, 3], sendingWindow: { from: '09:00', until: '17:00' } },
    });
    // Reminders given past the expiry are refused; kept ones past a shortened expiry are dropped.
    expect(
      spec
        .given([registered])
        .when({ type: 'ChangeInviteSettings', practiceId: 'p1', expiryDays: 4, reminderDays: [2, 5], at })
        .error(),
    ).toBeInstanceOf(InvalidReminderSchedule);
    const [shortened] = spec
      .given([registered])
      .when({ type: 'ChangeInviteSettings', practiceId: 'p1', expiryDays: 4, at })
      .events();
    expect(shortened.data).toMatchObject({ settings: { expiryDays: 4, reminderDays: [2] } });
    expect(
      spec
        .given([registered])
        .when({ type: 'ChangeInviteSettings', practiceId: 'p1', sendingWindow: { from: '21:00', until: '08:00' }, at })
        .error(),
    ).toBeInstanceOf(InvalidSendingWindow);
  });

  it('reads settings recorded before reminders existed with the default reminders and window', () => {
    const old = {
      type: 'InviteSettingsChanged' as const,
      data: { practiceId: 'p1', settings: { messageTemplate: null, expiryDays: 10 }, changedAt: at },
    };
    const state = spec.given([registered, old]).state;
    expect(state.status === 'registered' && state.inviteSettings).toEqual({
      messageTemplate: null,
      expiryDays: 10,
      reminderDays: [2, 5],
      sendingWindow: { from: '08:00', until: '21:00' },
    });
  });

  it('refuses to update the profile of a practice that was never registered', () => {
    const error = spec
      .given([])
      .when({ type: 'UpdatePracticeProfile', practiceId: 'p1', changes: { about: 'x' }, at })
      .error();
    expect(error).toBeInstanceOf(PracticeNotFound);
  });
});
