import { describe, expect, it } from 'vitest';
import { contactDecider } from '../contacts/contact.decide.js';
import { ContactConnected, ContactErased, ContactNotFound } from '../contacts/contact.errors.js';
import type { ContactEvent } from '../contacts/contact.events.js';
import { patientDecider } from '../patients/patient.decide.js';
import type { PatientEvent } from '../patients/patient.events.js';
import { PatientNotFound } from '../patients/patient.errors.js';
import { specFor } from '../shared/given-when-then.js';
import { ERASED } from './erased.js';
import { erasedCopy, holdsPersonalValues, personalData, subjectOf } from './personal-data.js';
import { idsOfKind } from './subjects.js';

const at = '2026-12-01T10:00:00.000Z';
const created: ContactEvent = {
  type: 'ContactCreated',
  data: {
    contactId: 'c1',
    practiceId: 'p1',
    name: 'Jane Doe',
    phone: { e164: '+14155550100', extension: null, asTyped: '(415) 555-0100' },
    email: 'jane@example.com',
    tags: [],
    source: 'manual',
    createdAt: at,
  },
};
const invited = (invitationId: string): ContactEvent => ({
  type: 'ContactInvited',
  data: { contactId: 'c1', invitationId, invitedAt: at, sendId: invitationId },
});
const erase = { type: 'EraseContact', contactId: 'c1', practiceId: 'p1', by: 'admin-1', at } as const;

describe('erasing a contact', () => {
  const spec = specFor(contactDecider);

  it("names its own subject and every invitation's: their keys are destroyed together", () => {
    expect(
      spec
        .given([created, invited('i1'), invited('i2')])
        .when({ ...erase, reason: 'entered_in_error', reference: 'REQ-1' })
        .events(),
    ).toEqual([
      {
        type: 'PersonalDataErased',
        data: {
          kind: 'contact',
          id: 'c1',
          practiceId: 'p1',
          subjects: ['contact:c1', 'invitation:i1', 'invitation:i2'],
          by: 'admin-1',
          reason: 'entered_in_error',
          reference: 'REQ-1',
          erasedAt: at,
        },
      },
    ]);
  });

  it('is done once: again changes nothing, and nothing more is recorded about it', () => {
    const erased = spec
      .given([created])
      .when({ ...erase, reason: 'duplicate', reference: null })
      .events();
    const after = spec.given([created, ...erased]);
    expect(after.when({ ...erase, reason: 'duplicate', reference: null }).events()).toEqual([]);
    expect(after.when({ type: 'TagContact', contactId: 'c1', practiceId: 'p1', tag: 'x', at }).error()).toBeInstanceOf(
      ContactErased,
    );
  });

  it("refuses a connected contact (it goes with the patient's account) and another practice's", () => {
    const paired: ContactEvent = {
      type: 'ContactPaired',
      data: { contactId: 'c1', practiceId: 'p1', patientId: 'pt1', pairedAt: at },
    };
    const given = spec.given([created, paired]);
    expect(given.when({ ...erase, reason: 'duplicate', reference: null }).error()).toBeInstanceOf(ContactConnected);
    expect(
      given.when({ ...erase, reason: 'patient_request', reference: null, withAccount: true }).events(),
    ).toHaveLength(1);
    expect(
      spec
        .given([created])
        .when({ ...erase, practiceId: 'p2', reason: 'duplicate', reference: null })
        .error(),
    ).toBeInstanceOf(ContactNotFound);
  });
});

describe("erasing a patient's account", () => {
  const spec = specFor(patientDecider);
  const account: PatientEvent = {
    type: 'PatientAccountCreated',
    data: {
      patientId: 'pt1',
      name: 'Jane Doe',
      phone: '+14155550100',
      email: 'jane@example.com',
      verificationId: 'v1',
      signedUpAt: { practiceId: 'p1', linkId: 'l1' },
      createdAt: at,
    },
  };
  const command = { type: 'ErasePatientAccount', patientId: 'pt1', by: 'operator:o1', at } as const;

  it('names the account and every verification that proved its phones', () => {
    const changed: PatientEvent = {
      type: 'PatientPhoneChanged',
      data: {
        patientId: 'pt1',
        previousPhone: '+14155550100',
        phone: '+14155550101',
        requestId: 'r1',
        verificationId: 'v2',
        practiceIds: [],
        changedAt: at,
      },
    };
    const events = spec
      .given([account, changed])
      .when({ ...command, reason: 'patient_request', reference: null })
      .events();
    expect(events[0].data).toMatchObject({
      kind: 'patient',
      id: 'pt1',
      practiceIds: [],
      subjects: ['patient:pt1', 'verification:v1', 'verification:v2'],
    });
    expect(
      spec
        .given([account, ...events])
        .when({ ...command, reason: 'patient_request', reference: null })
        .events(),
    ).toEqual([]);
    expect(
      spec
        .given([])
        .when({ ...command, reason: 'patient_request', reference: null })
        .error(),
    ).toBeInstanceOf(PatientNotFound);
  });
});

describe('the catalogue of personal values', () => {
  it("reads the ids of one kind among an erasure's subjects", () => {
    expect(idsOfKind('invitation', ['contact:c1', 'invitation:i1', 'invitation:i2'])).toEqual(['i1', 'i2']);
    expect(idsOfKind('verification', ['contact:c1'])).toEqual([]);
  });

  it('names the subject of each event, and reads a copy with every present value erased', () => {
    expect(subjectOf('ContactCreated', created.data, 'contact-c1')).toBe('contact:c1');
    expect(subjectOf('LinkPageViewed', {}, 'linkviews-l1')).toBeNull();
    const copy = erasedCopy('ContactCreated', created.data);
    expect(copy).toMatchObject({
      name: ERASED,
      email: ERASED,
      phone: { e164: ERASED, extension: null, asTyped: ERASED },
      tags: [],
    });
    expect(holdsPersonalValues('ContactCreated', created.data)).toBe(true);
    expect(holdsPersonalValues('ContactCreated', copy)).toBe(false);
  });

  it('seals only values, never what funnels and audits count: ids, types, channels, statuses, times', () => {
    const forbidden = /(^|\.)(\w*Id|id|type|channels?|status|at|\w*At|round|count)$/;
    const sealed = Object.values(personalData.fields).flatMap((fields) => fields.paths);
    expect(sealed.filter((path) => forbidden.test(path))).toEqual([]);
  });
});
