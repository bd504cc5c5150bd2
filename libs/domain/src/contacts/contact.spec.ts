import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import { InvalidPhoneNumber } from '../shared/phone.js';
import { InvalidTag } from '../links/tag.js';
import { contactDecider } from './contact.decide.js';
import {
  ContactAlreadyExists,
  ContactNotFound,
  ContactPairedWithAnotherPatient,
  ContactTagAlreadyApplied,
  ContactTagNotApplied,
  InviteCapReached,
  PatientAlreadyConnected,
} from './contact.errors.js';
import type { ContactEvent } from './contact.events.js';
import type { SendInvite } from '../invitations/invitation.commands.js';

const spec = specFor(contactDecider);
/** The send that rides on the cap's event (what the invitation's stream will record). */
const send = (invitationId: string): SendInvite => ({
  type: 'SendInvite',
  invitationId,
  practiceId: 'p1',
  contactId: 'c1',
  linkId: 'l1',
  recipient: { phone: '+14155550100', email: null },
  smsOptedOut: false,
  customMessage: 'Join us',
  template: null,
  senderName: 'Dr. Ada',
  expiryDays: 30,
  linkUrl: 'https://x.example/brown',
  practiceName: 'Brown Clinic',
  tokenHash: `hash-${invitationId}`,
  sealedToken: `sealed-${invitationId}`,
  at: '2026-11-26T10:00:00.000Z',
});
const inviting = (invitationId: string, cap = { max: 5, windowHours: 24 }) => ({
  invitationId,
  sendId: invitationId,
  cap,
  send: send(invitationId),
});
const at = '2026-11-26T10:00:00.000Z';
const on = { contactId: 'c1', practiceId: 'p1', at };
const created: ContactEvent = {
  type: 'ContactCreated',
  data: {
    contactId: 'c1',
    practiceId: 'p1',
    name: 'Jane Doe',
    phone: { e164: '+14155550100', extension: null, asTyped: '(415) 555-0100' },
    email: 'Jane.Doe+clinic@Example.com',
    tags: ['VIP'],
    source: 'manual',
    createdAt: at,
  },
};

describe('contact', () => {
  it('is created with the phone read as E.164 (the text as typed kept), the email as entered, and unique tags', () => {
    const events = spec
      .given([])
      .when({
        type: 'CreateContact',
        ...on,
        name: ' Jane Doe ',
        phone: '(415) 555-0100',
        email: ' Jane.Doe+clinic@Example.com ',
        tags: ['VIP', 'vip'],
        source: 'manual',
        defaultCountry: 'US',
      })
      .events();
    expect(events).toEqual([created]);
  });

  it('keeps a phone extension apart', () => {
    const [event] = spec
      .given([])
      .when({
        type: 'CreateContact',
        ...on,
        name: 'Ext',
        phone: '+1 415 555 0100 ext. 12',
        email: null,
        tags: [],
        source: 'manual',
        defaultCountry: 'US',
      })
      .events();
    expect(event.type === 'ContactCreated' && event.data.phone).toMatchObject({
      e164: '+14155550100',
      extension: '12',
    });
  });

  it('refuses a phone it cannot read and a bad tag', () => {
    expect(
      spec
        .given([])
        .when({
          type: 'CreateContact',
          ...on,
          name: 'X',
          phone: 'call me',
          email: null,
          tags: [],
          source: 'manual',
          defaultCountry: 'US',
        })
        .error(),
    ).toBeInstanceOf(InvalidPhoneNumber);
    expect(
      spec
        .given([])
        .when({
          type: 'CreateContact',
          ...on,
          name: 'X',
          phone: null,
          email: null,
          tags: ['a/b'],
          source: 'manual',
          defaultCountry: 'US',
        })
        .error(),
    ).toBeInstanceOf(InvalidTag);
  });

  it('records only what an update changes; the same phone in another format is no change', () => {
    const events = spec
      .given([created])
      .when({
        type: 'UpdateContact',
        ...on,
        name: 'Jane Doe',
        phone: '415-555-0100',
        email: null,
        defaultCountry: 'US',
      })
      .events();
    expect(events).toEqual([
      { type: 'ContactUpdated', data: { contactId: 'c1', changes: { email: null }, updatedAt: at } },
    ]);
    expect(
      spec
        .given([created])
        .when({ type: 'UpdateContact', ...on, phone: '+14155550100', defaultCountry: 'US' })
        .events(),
    ).toEqual([]);
  });

  it('tags once without regard to case, and untags by any case', () => {
    expect(
      spec
        .given([created])
        .when({ type: 'TagContact', ...on, tag: 'vip' })
        .error(),
    ).toBeInstanceOf(ContactTagAlreadyApplied);
    expect(
      spec
        .given([created])
        .when({ type: 'UntagContact', ...on, tag: 'vip' })
        .events(),
    ).toEqual([{ type: 'ContactUntagged', data: { contactId: 'c1', tag: 'VIP', untaggedAt: at } }]);
    expect(
      spec
        .given([created])
        .when({ type: 'UntagContact', ...on, tag: 'new' })
        .error(),
    ).toBeInstanceOf(ContactTagNotApplied);
  });

  it('counts invitations against a cap of 5 per 24 hours, saying when the next one is allowed', () => {
    const cap = { max: 5, windowHours: 24 };
    const invited = (hoursAgo: number): ContactEvent => ({
      type: 'ContactInvited',
      data: {
        contactId: 'c1',
        invitationId: `i${hoursAgo}`,
        invitedAt: new Date(Date.parse(at) - hoursAgo * 3600_000).toISOString(),
      },
    });
    expect(
      spec
        .given([created])
        .when({ type: 'InviteContact', ...on, ...inviting('i9', cap) })
        .events(),
    ).toHaveLength(1);
    const five = [20, 10, 5, 2, 1].map(invited);
    const error = spec
      .given([created, ...five])
      .when({ type: 'InviteContact', ...on, ...inviting('i9', cap) })
      .error();
    expect(error).toBeInstanceOf(InviteCapReached);
    expect((error as InviteCapReached).retryAfterSeconds).toBe(4 * 3600);
    // Invitations older than the window no longer count.
    expect(
      spec
        .given([created, ...[30, 10, 5, 2, 1].map(invited)])
        .when({ type: 'InviteContact', ...on, ...inviting('i9', cap) })
        .events(),
    ).toHaveLength(1);
  });

  it('records the send with the cap it counts against, so an interrupted send can be finished from the contact’s stream', () => {
    expect(
      spec
        .given([created])
        .when({ type: 'InviteContact', ...on, ...inviting('i9') })
        .events(),
    ).toEqual([
      {
        type: 'ContactInvited',
        data: { contactId: 'c1', invitationId: 'i9', invitedAt: at, sendId: 'i9', send: send('i9') },
      },
    ]);
  });

  it('counts a retried send (the same send id) once', () => {
    const first = spec
      .given([created])
      .when({ type: 'InviteContact', ...on, ...inviting('i9') })
      .events();
    expect(
      spec
        .given([created, ...first])
        .when({ type: 'InviteContact', ...on, ...inviting('i9') })
        .events(),
    ).toEqual([]);
  });

  it('creates a new patient’s contact and records its first send in one decision (one append: both or neither)', () => {
    const create = {
      type: 'CreateContact' as const,
      ...on,
      name: 'Jane Doe',
      phone: '(415) 555-0100',
      email: null,
      tags: [],
      source: 'manual' as const,
      defaultCountry: 'US',
      invite: inviting('i1'),
    };
    const events = spec.given([]).when(create).events();
    expect(events.map((e) => e.type)).toEqual(['ContactCreated', 'ContactInvited']);
    // The same request again (its Idempotency-Key derived the same ids): nothing new, no duplicate error.
    expect(spec.given(events).when(create).events()).toEqual([]);
    // Someone else's create with that id is still refused.
    expect(
      spec
        .given(events)
        .when({ ...create, invite: inviting('i2') })
        .error(),
    ).toBeInstanceOf(ContactAlreadyExists);
  });

  it("treats another practice's contact as not found", () => {
    expect(
      spec
        .given([created])
        .when({ type: 'TagContact', ...on, practiceId: 'p2', tag: 'x' })
        .error(),
    ).toBeInstanceOf(ContactNotFound);
  });

  it('is paired with one patient; then it is not invited again, and edits of the record name the patient for the audit', () => {
    const paired: ContactEvent = {
      type: 'ContactPaired',
      data: { contactId: 'c1', practiceId: 'p1', patientId: 'pt1', pairedAt: at },
    };
    expect(
      spec
        .given([created])
        .when({ type: 'PairContact', ...on, patientId: 'pt1' })
        .events(),
    ).toEqual([paired]);
    expect(
      spec
        .given([created, paired])
        .when({ type: 'PairContact', ...on, patientId: 'pt1' })
        .events(),
    ).toEqual([]);
    expect(
      spec
        .given([created, paired])
        .when({ type: 'PairContact', ...on, patientId: 'pt2' })
        .error(),
    ).toBeInstanceOf(ContactPairedWithAnotherPatient);
    expect(
      spec
        .given([created, paired])
        .when({ type: 'InviteContact', ...on, ...inviting('i9') })
        .error(),
    ).toBeInstanceOf(PatientAlreadyConnected);
    expect(
      spec
        .given([created, paired])
        .when({ type: 'UpdateContact', ...on, name: 'Jane Q. Doe', defaultCountry: 'US' })
        .events(),
    ).toEqual([
      {
        type: 'ContactUpdated',
        data: {
          contactId: 'c1',
          changes: { name: 'Jane Q. Doe' },
          updatedAt: at,
          pairedWith: { practiceId: 'p1', patientId: 'pt1' },
        },
      },
    ]);
  });
});
