import { Inject, Injectable } from '@nestjs/common';
import {
  compareIdentity,
  contactDecider,
  emailMatchKey,
  invitationDecider,
  linkDecider,
  patientDecider,
  ReservationHeld,
  reservationDecider,
  streams,
  type ContactMatch,
  type ContactState,
  type PatientCommand,
  type PersonDetails,
  type VerificationPurpose,
} from '@pi/domain';
import { invitationByTokenHash } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import { ContactKeys } from '../contacts/contact-keys.js';
import { ConnectionCompletion } from './connection-completion.js';
import type { CommandContext } from '../infrastructure/command-context.js';
import { CommandExecutor } from '../infrastructure/command-executor.js';
import { derivedId } from '../infrastructure/derived-id.js';
import { Reservations } from '../infrastructure/reservations.js';
import { CLOCK, READ_MODELS, type Clock } from '../infrastructure/tokens.js';
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

interface Pairing {
  contactId: string;
  contactMatch: ContactMatch;
  record: PersonDetails | null;
  invitation: { invitationId: string; tokenHash: string; provenBy: 'phone' | 'email' } | null;
  invitationTokenUnproven: boolean;
}

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
 * Every step is idempotent and every id is derived from the verification, so
 * sending the same code again after a failure completes what is missing and
 * duplicates nothing.
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
  ) {}

  async complete(verified: VerifiedPhone, codes: Pick<VerificationCodes, 'phoneKey'>): Promise<Connected> {
    const signup = verified.purpose as Signup;
    const at = () => this.clock.now().toISOString();
    const base = {
      practiceId: signup.practiceId,
      correlationId: verified.verificationId,
      causationId: verified.verificationId,
    };

    // One account per verified phone: the phone's reservation names it.
    let patientId = derivedId('patient', verified.verificationId);
    const anonymous: CommandContext = { ...base, actor: `patient:${patientId}` };
    try {
      await this.reservations.reserve('patientphone', codes.phoneKey(verified.phone), patientId, anonymous);
    } catch (error) {
      if (!(error instanceof ReservationHeld)) throw error;
      patientId = error.holder;
    }
    const context: CommandContext = { ...base, actor: `patient:${patientId}` };
    const created = await this.executor.execute(
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
        signedUpAt: { practiceId: signup.practiceId, linkId: signup.linkId },
        at: at(),
      }),
      context,
    );
    const patient = (await this.executor.load(streams.patient(patientId), patientDecider)).state;
    if (patient.status !== 'active') throw new Error('patient account missing after creation');
    const conversationId = derivedId('conversation', signup.practiceId, patientId);
    const existing = patient.connections[signup.practiceId];

    if (!existing) {
      // A practice sees what the patient typed at that practice, plus the verified phone; never what was typed at another.
      const account: PersonDetails = { name: signup.name, phone: patient.phone, email: signup.email };
      const pairing = await this.pair(signup, patientId, account, context);
      // The connection holds every fact the steps after it need: recorded first, they can always be finished.
      await this.executor.execute(
        streams.patient(patientId),
        patientDecider,
        {
          type: 'ConnectPatient',
          patientId,
          practiceId: signup.practiceId,
          via: pairing.invitation ? 'invitation' : 'link',
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
          invitationTokenUnproven: pairing.invitationTokenUnproven,
          at: at(),
        },
        context,
      );
    }

    // Pairing, acceptance and the conversation are finished on every pass (and from the log after a crash).
    const position = await this.completion.finish(patientId, signup.practiceId, context);
    const connection = (await this.executor.load(streams.patient(patientId), patientDecider)).state;
    const conversation =
      connection.status === 'active' ? connection.connections[signup.practiceId]?.conversationId : undefined;
    if (!conversation) throw new Error('connection missing after connecting');
    return {
      patientId,
      conversationId: conversation,
      newAccount: created.events.length > 0,
      alreadyConnected: existing !== undefined,
      position,
    };
  }

  /**
   * Which of the practice's contacts this patient is. An invitation pairs its
   * contact only when the patient proved the phone (by code) or the email
   * (the token went only by email) the practice gave. Otherwise the patient is
   * matched by verified phone, then email — "matched, unverified" — or becomes
   * a new contact with the link's contact tags.
   */
  private async pair(
    signup: Signup,
    patientId: string,
    patient: PersonDetails,
    context: CommandContext,
  ): Promise<Pairing> {
    let invitationTokenUnproven = false;
    if (signup.invitationTokenHash) {
      const found = await invitationByTokenHash(this.readModels, signup.invitationTokenHash);
      const invitation =
        found && found.practiceId === signup.practiceId
          ? (await this.executor.load(streams.invitation(found.id), invitationDecider)).state
          : null;
      if (
        invitation &&
        invitation.status === 'pending' &&
        invitation.tokenHash === signup.invitationTokenHash &&
        this.clock.now().toISOString() < invitation.expiresAt
      ) {
        const contact = (await this.executor.load(streams.contact(invitation.contactId), contactDecider)).state;
        const provenBy =
          invitation.to.phone !== null && invitation.to.phone === patient.phone
            ? 'phone'
            : invitation.to.email !== null &&
                patient.email !== null &&
                invitation.channels.includes('email') &&
                !invitation.channels.includes('sms') &&
                emailMatchKey(invitation.to.email) === emailMatchKey(patient.email)
              ? 'email'
              : null;
        if (
          provenBy &&
          contact.status === 'active' &&
          (contact.patientId === null || contact.patientId === patientId)
        ) {
          return {
            contactId: contact.contactId,
            contactMatch: 'invitation',
            record: detailsOf(contact),
            invitation: { invitationId: invitation.invitationId, tokenHash: signup.invitationTokenHash, provenBy },
            invitationTokenUnproven: false,
          };
        }
      }
      invitationTokenUnproven = true;
    }
    // A pass that crashed after creating this patient's contact: it is the one (not a "match" with itself).
    const contactId = derivedId('contact', signup.practiceId, patientId);
    const current = (await this.executor.load(streams.contact(contactId), contactDecider)).state;
    if (current.status === 'active')
      return { contactId, contactMatch: 'created', record: null, invitation: null, invitationTokenUnproven };
    for (const [scope, key, matchedOn] of [
      ['contactphone', patient.phone && Reservations.hashedKey(signup.practiceId, patient.phone), 'phone'],
      [
        'contactemail',
        patient.email && Reservations.hashedKey(signup.practiceId, emailMatchKey(patient.email)),
        'email',
      ],
    ] as const) {
      if (!key) continue;
      const holder = (await this.executor.load(streams.reservation(scope, key), reservationDecider)).state.holder;
      const contact = holder ? (await this.executor.load(streams.contact(holder), contactDecider)).state : null;
      if (
        contact?.status === 'active' &&
        contact.practiceId === signup.practiceId &&
        (contact.patientId === null || contact.patientId === patientId)
      ) {
        return {
          contactId: contact.contactId,
          contactMatch: matchedOn,
          record: detailsOf(contact),
          invitation: null,
          invitationTokenUnproven,
        };
      }
    }
    const link = (await this.executor.load(streams.link(signup.linkId), linkDecider)).state;
    await this.contactKeys.claim(context, contactId, { phone: patient.phone, email: patient.email }, false);
    await this.executor.execute(
      streams.contact(contactId),
      contactDecider,
      {
        type: 'CreateContact',
        contactId,
        practiceId: signup.practiceId,
        name: patient.name,
        phone: patient.phone,
        email: patient.email,
        tags: link.status === 'absent' ? [] : [...link.tags.contact],
        source: 'link',
        defaultCountry: await practiceCountry(this.executor, signup.practiceId),
        at: this.clock.now().toISOString(),
      },
      context,
    );
    return { contactId, contactMatch: 'created', record: null, invitation: null, invitationTokenUnproven };
  }
}
