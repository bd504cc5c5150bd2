import { Inject, Injectable } from '@nestjs/common';
import {
  choosePairing,
  compareIdentity,
  contactDecider,
  emailMatchKey,
  invitationDecider,
  linkDecider,
  patientDecider,
  ReservationHeld,
  streams,
  type LiveInvitation,
  type PairingCandidate,
  type ContactState,
  type DomainEvent,
  type PatientCommand,
  type PersonDetails,
  type VerificationPurpose,
} from '@pi/domain';
import { invitationByTokenHash } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import { ContactKeys } from '../contacts/contact-keys.js';
import {
  AddressHashes,
  CLOCK,
  type Clock,
  type CommandContext,
  CommandExecutor,
  type CommandOutcome,
  ConnectionCompletion,
  derivedId,
  lastPosition,
  READ_MODELS,
  Reservations,
  step,
  type Step,
} from '@pi/application';
import { practiceCountry } from '../practice/practice-country.js';
import type { VerificationCodes, VerifiedPhone } from './verification-codes.js';

type Signup = Extract<VerificationPurpose, { kind: 'signup' }>;
type ActiveContact = Extract<ContactState, { status: 'active' }>;

export interface Connected {
  patientId: string;
  conversationId: string;
  newAccount: boolean;
  /** The patient was already connected with this practice (signed in again). */
  alreadyConnected: boolean;
  /** Of the last event written: read-your-writes for the staff API. */
  position: bigint | null;
}

/** The contact a signup pairs with, once chosen, and the step that creates it when it is new (its keys apart). */
type Pairing = ReturnType<typeof choosePairing> & { contactId: string; createContact: Step[] };

const detailsOf = (contact: ActiveContact): PersonDetails => ({
  name: contact.name,
  phone: contact.phone?.e164 ?? null,
  email: contact.email,
});

/**
 * Finishes a web signup once the phone is verified: the account (first time),
 * the pairing with one of the practice's contacts, the connection with its
 * identity status, the invitation's acceptance and the conversation.
 *
 * One commit (executeAll). Every step is idempotent and every id is derived
 * from the verification, so sending the same code again after a failure
 * completes what is missing and duplicates nothing.
 */
@Injectable()
export class Onboarding {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(Reservations) private readonly reservations: Reservations,
    @Inject(ContactKeys) private readonly contactKeys: ContactKeys,
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ConnectionCompletion) private readonly completion: ConnectionCompletion,
    @Inject(AddressHashes) private readonly hashes: AddressHashes,
  ) {}

  async complete(verified: VerifiedPhone, codes: Pick<VerificationCodes, 'phoneKey'>): Promise<Connected> {
    // One account per verified phone: the phone's reservation names it. Held by another id, that account signs in.
    let patientId = derivedId('patient', verified.verificationId);
    for (;;) {
      try {
        return await this.connect(verified, codes, patientId);
      } catch (error) {
        if (!(error instanceof ReservationHeld) || error.scope !== 'patientphone' || error.holder === patientId)
          throw error;
        patientId = error.holder;
      }
    }
  }

  /**
   * The account (first time), the pairing (a new contact with its keys when the patient is new to the practice),
   * the connection and what follows it (ConnectionCompletion): one command, one commit. The contact's part comes
   * before the patient's, and the connection before the conversation, so a store that writes streams one after
   * another (KurrentDB) is finished from the log as before.
   */
  private async connect(
    verified: VerifiedPhone,
    codes: Pick<VerificationCodes, 'phoneKey'>,
    patientId: string,
  ): Promise<Connected> {
    const signup = verified.purpose as Signup;
    const practiceId = signup.practiceId;
    const at = this.clock.now().toISOString();
    const context: CommandContext = {
      practiceId,
      correlationId: verified.verificationId,
      causationId: verified.verificationId,
      actor: `patient:${patientId}`,
    };
    const reserve = await this.reservations.reserving(
      'patientphone',
      codes.phoneKey(verified.phone),
      patientId,
      context,
    );
    const before = (await this.executor.load(streams.patient(patientId), patientDecider)).state;
    const createAccount = step(
      streams.patient(patientId),
      patientDecider,
      // An existing account (same verified phone) is signed in, not created again.
      (state): PatientCommand => ({
        type: 'CreateAccount',
        patientId,
        ...(state.status === 'active'
          ? { name: state.name, phone: state.phone, email: state.email }
          : { name: signup.name, phone: verified.phone, email: signup.email }),
        verificationId: verified.verificationId,
        signedUpAt: { practiceId, linkId: signup.linkId },
        at,
      }),
    );
    const existing = before.status === 'active' ? before.connections[practiceId] : undefined;
    let outcomes: CommandOutcome<DomainEvent>[];
    if (existing) {
      // Signed in again: what follows the connection is finished on every pass (and from the log after a crash).
      outcomes = await this.executor.executeAll(
        [reserve, createAccount, ...(await this.completion.steps(patientId, practiceId, existing))],
        context,
      );
    } else {
      // A practice sees what the patient typed at that practice, plus the verified phone; never what was typed at another.
      const phone = before.status === 'active' ? before.phone : verified.phone;
      const account: PersonDetails = { name: signup.name, phone, email: signup.email };
      const pairing = await this.pair(signup, patientId, account, context);
      const conversationId = derivedId('conversation', practiceId, patientId);
      const via = pairing.invitation ? ('invitation' as const) : ('link' as const);
      // The connection holds every fact the steps after it need: where it is written first, they can be finished.
      const connect = step(streams.patient(patientId), patientDecider, {
        type: 'ConnectPatient',
        patientId,
        practiceId,
        via,
        linkId: signup.linkId,
        invitationId: pairing.invitation?.invitationId ?? null,
        provenBy: pairing.invitation?.provenBy ?? null,
        invitationTokenHash: pairing.invitation?.tokenHash ?? null,
        contactId: pairing.contactId,
        contactMatch: pairing.contactMatch,
        conversationId,
        verificationId: verified.verificationId,
        phoneVerifiedAt: verified.verifiedAt,
        account,
        record: pairing.record,
        checks: compareIdentity(account, pairing.record),
        smsConsentWording: signup.smsConsent.wording,
        phoneHash: this.hashes.phone(phone).keyed,
        invitationTokenUnproven: pairing.invitationTokenUnproven,
        at,
      });
      const completion = await this.completion.steps(patientId, practiceId, {
        via,
        invitationId: pairing.invitation?.invitationId ?? null,
        provenBy: pairing.invitation?.provenBy ?? null,
        invitationTokenHash: pairing.invitation?.tokenHash ?? null,
        contactId: pairing.contactId,
        conversationId,
        linkId: signup.linkId,
      });
      const run = (keySteps: Step[]) =>
        this.executor.executeAll(
          [reserve, ...keySteps, ...pairing.createContact, createAccount, connect, ...completion],
          context,
        );
      outcomes = pairing.createContact.length
        ? await this.contactKeys.creating(context, pairing.contactId, { phone, email: signup.email }, false, run)
        : await run([]);
    }
    const connection = (await this.executor.load(streams.patient(patientId), patientDecider)).state;
    const conversation =
      connection.status === 'active' ? connection.connections[practiceId]?.conversationId : undefined;
    if (!conversation) throw new Error('connection missing after connecting');
    return {
      patientId,
      conversationId: conversation,
      newAccount: outcomes[1].events.length > 0,
      alreadyConnected: existing !== undefined,
      position: lastPosition(outcomes),
    };
  }

  /**
   * Which of the practice's contacts this patient is: the rules are the
   * domain's (`choosePairing`); this gathers the facts and, when the patient
   * is new to the practice, creates their contact with the link's contact tags.
   */
  private async pair(
    signup: Signup,
    patientId: string,
    patient: PersonDetails,
    context: CommandContext,
  ): Promise<Pairing> {
    const practiceId = signup.practiceId;
    const candidate = async (contactId: string | null): Promise<PairingCandidate | null> => {
      const contact = contactId ? (await this.executor.load(streams.contact(contactId), contactDecider)).state : null;
      return contact?.status === 'active' && contact.practiceId === practiceId
        ? { contactId: contact.contactId, patientId: contact.patientId, details: detailsOf(contact) }
        : null;
    };
    const holder = async (scope: 'contactphone' | 'contactemail', value: string | null) =>
      value ? this.reservations.holderOf(scope, this.reservations.personalKey(practiceId, value), context) : null;
    const ownContactId = derivedId('contact', practiceId, patientId);
    const choice = choosePairing({
      patientId,
      patient,
      cameWithToken: Boolean(signup.invitationTokenHash),
      invitation: signup.invitationTokenHash
        ? await this.liveInvitation(signup.invitationTokenHash, practiceId, candidate)
        : null,
      createdBefore: (await candidate(ownContactId)) ? ownContactId : null,
      byPhone: await candidate(await holder('contactphone', patient.phone)),
      byEmail: await candidate(await holder('contactemail', patient.email && emailMatchKey(patient.email))),
    });
    if (choice.contactId !== null) return { ...choice, contactId: choice.contactId, createContact: [] };
    const link = (await this.executor.load(streams.link(signup.linkId), linkDecider)).state;
    const create = step(streams.contact(ownContactId), contactDecider, {
      type: 'CreateContact',
      contactId: ownContactId,
      practiceId,
      name: patient.name,
      phone: patient.phone,
      email: patient.email,
      tags: link.status === 'absent' ? [] : [...link.tags.contact],
      source: 'link',
      defaultCountry: await practiceCountry(this.executor, practiceId),
      at: this.clock.now().toISOString(),
    });
    return { ...choice, contactId: ownContactId, createContact: [create] };
  }

  /** The invitation the token names, if it is this practice's and live (pending, the current token, not expired). */
  private async liveInvitation(
    tokenHash: string,
    practiceId: string,
    candidate: (contactId: string) => Promise<PairingCandidate | null>,
  ): Promise<LiveInvitation | null> {
    const found = await invitationByTokenHash(this.readModels, tokenHash);
    if (!found || found.practiceId !== practiceId) return null;
    const invitation = (await this.executor.load(streams.invitation(found.id), invitationDecider)).state;
    const live =
      invitation.status === 'pending' &&
      invitation.tokenHash === tokenHash &&
      this.clock.now().toISOString() < invitation.expiresAt;
    if (!live) return null;
    return {
      invitationId: invitation.invitationId,
      tokenHash,
      to: invitation.to,
      channels: invitation.channels,
      contact: await candidate(invitation.contactId),
    };
  }
}
