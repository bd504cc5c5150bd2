import { describe, expect, it } from 'vitest';
import {
  choosePairing,
  invitationProof,
  type LiveInvitation,
  type PairingCandidate,
  type PairingFacts,
} from './pairing.js';

const jane = { name: 'Jane Doe', phone: '+14155550100', email: 'jane@example.com' };
const card = (contactId: string, patientId: string | null = null): PairingCandidate => ({
  contactId,
  patientId,
  details: jane,
});
const invitation = (
  to: LiveInvitation['to'],
  channels: LiveInvitation['channels'],
  contact: PairingCandidate | null = card('c-inv'),
): LiveInvitation => ({
  invitationId: 'i1',
  tokenHash: 'h1',
  to,
  channels,
  contact,
});
const facts = (over: Partial<PairingFacts>): PairingFacts => ({
  patientId: 'pt1',
  patient: jane,
  cameWithToken: false,
  invitation: null,
  createdBefore: null,
  byPhone: null,
  byEmail: null,
  ...over,
});

describe('pairing a patient who signed up with one of the practice’s contacts', () => {
  it('pairs the invitation’s contact when the patient verified the phone it was texted to', () => {
    const choice = choosePairing(
      facts({
        cameWithToken: true,
        invitation: invitation({ phone: jane.phone, email: null }, ['sms']),
        byPhone: card('c-other'),
      }),
    );
    expect(choice).toMatchObject({
      contactMatch: 'invitation',
      contactId: 'c-inv',
      invitation: { invitationId: 'i1', provenBy: 'phone' },
      invitationTokenUnproven: false,
    });
  });

  it('counts the email as proof only when the invitation went by email alone', () => {
    expect(invitationProof({ to: { phone: null, email: 'jane@EXAMPLE.com' }, channels: ['email'] }, jane)).toBe(
      'email',
    );
    expect(
      invitationProof({ to: { phone: '+14155550199', email: 'jane@example.com' }, channels: ['sms', 'email'] }, jane),
    ).toBeNull();
    expect(invitationProof({ to: { phone: null, email: 'other@example.com' }, channels: ['email'] }, jane)).toBeNull();
  });

  it('treats an unproven invitation as a link signup: matched by phone, and says the token proved nothing', () => {
    const choice = choosePairing(
      facts({
        cameWithToken: true,
        invitation: invitation({ phone: '+14155550199', email: null }, ['sms']),
        byPhone: card('c-phone'),
      }),
    );
    expect(choice).toMatchObject({
      contactMatch: 'phone',
      contactId: 'c-phone',
      invitation: null,
      invitationTokenUnproven: true,
    });
  });

  it('never takes a contact already paired with another patient', () => {
    const taken = card('c-inv', 'pt-other');
    expect(
      choosePairing(
        facts({
          invitation: invitation({ phone: jane.phone, email: null }, ['sms'], taken),
          byPhone: card('c-phone', 'pt-other'),
          byEmail: card('c-email'),
        }),
      ),
    ).toMatchObject({
      contactMatch: 'email',
      contactId: 'c-email',
    });
  });

  it('matches by phone before email, then makes a new contact', () => {
    expect(choosePairing(facts({ byPhone: card('c-phone'), byEmail: card('c-email') }))).toMatchObject({
      contactMatch: 'phone',
      contactId: 'c-phone',
    });
    expect(choosePairing(facts({}))).toEqual({
      contactMatch: 'created',
      contactId: null,
      record: null,
      invitation: null,
      invitationTokenUnproven: false,
    });
  });

  it('finds the contact an interrupted pass created for this patient, rather than matching it as someone else', () => {
    expect(choosePairing(facts({ createdBefore: 'c-own', byPhone: card('c-own', 'pt1') }))).toMatchObject({
      contactMatch: 'created',
      contactId: 'c-own',
      record: null,
    });
  });
});
