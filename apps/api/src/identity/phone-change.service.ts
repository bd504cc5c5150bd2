import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  EvidenceGone,
  PhoneChangeNotApproved,
  PhoneInUse,
  UnknownEvidence,
  patientDecider,
  PatientNotFound,
  phoneChangeDecider,
  evidenceDecider,
  type EvidenceRef,
  PhoneChangeRequestNotFound,
  requirePhone,
  ReservationHeld,
  reservationDecider,
  SamePhone,
  streams,
  type PhoneChangeEvent,
  type PhoneChangeState,
} from '@pi/domain';
import type { EventStore } from '@pi/event-store';
import {
  type AuthContext,
  CLOCK,
  type Clock,
  type CommandContext,
  CommandExecutor,
  EVENT_STORE,
  Reservations,
} from '@pi/application';
import { VerificationCodes } from '../onboarding/verification-codes.js';
import { ConversationAccess } from '../conversations/conversation-access.js';
import { practiceCountry } from '../practice/practice-country.js';
import { EvidenceStore } from './evidence-store.js';

/** Who asks: a staff member of a practice (their role and id decide what they may see), or an operator of the platform. */
type Caller = Pick<AuthContext, 'practiceId' | 'operator' | 'roles' | 'staffId'>;

const codeText = (code: string) =>
  `${code} is your code to confirm your new number for Patient Invites. It expires in 10 minutes. Never share it.`;

/**
 * A patient who lost their number changes it only through a support request:
 * name, new number and face-with-ID evidence, reviewed by support or an admin;
 * on approval a code goes to the new number, and the change takes effect when
 * the patient's code is entered. Every step is an event.
 */
@Injectable()
export class PhoneChanges {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(Reservations) private readonly reservations: Reservations,
    @Inject(VerificationCodes) private readonly codes: VerificationCodes,
    @Inject(EvidenceStore) private readonly evidence: EvidenceStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ConversationAccess) private readonly access: ConversationAccess,
  ) {}

  /**
   * A practice's staff see a patient's requests as they see the patient: a patient whose conversations the
   * links' rules keep from them does not exist for them (404), request included. Support files and follows
   * requests for any patient of the practice (the job its role is for); operators decide every request.
   */
  private async mayFollow(caller: Caller, patientId: string): Promise<boolean> {
    if (caller.operator || caller.roles.includes('support')) return true;
    return this.access.patientReadable(caller, patientId);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  async file(
    patientId: string,
    input: { name: string; newPhone: string; evidenceSha256: string },
    caller: Caller,
    context: CommandContext,
  ): Promise<{ requestId: string; position: bigint | null }> {
    const patient = (await this.executor.load(streams.patient(patientId), patientDecider)).state;
    if (
      patient.status !== 'active' ||
      !patient.connections[context.practiceId] ||
      !(await this.mayFollow(caller, patientId))
    )
      throw new PatientNotFound(patientId);
    const phone = requirePhone(input.newPhone, await practiceCountry(this.executor, context.practiceId), 'newPhone');
    if (phone.e164 === patient.phone) throw new SamePhone();
    const stored = await this.evidenceOf(context.practiceId, input.evidenceSha256);
    if (!stored) throw new UnknownEvidence();
    const requestId = randomUUID();
    const outcome = await this.executor.execute(
      streams.phoneChange(requestId),
      phoneChangeDecider,
      {
        type: 'RequestPhoneChange',
        requestId,
        patientId,
        practiceIds: Object.keys(patient.connections),
        name: input.name,
        newPhone: phone.e164,
        evidence: stored,
        requestedBy: context.actor,
        filedByPracticeId: context.practiceId,
        at: this.now(),
      },
      context,
    );
    return { requestId, position: outcome.position };
  }

  /** Records that the caller's practice uploaded this file: from now on it is theirs to read and cite. */
  async upload(bytes: Buffer, contentType: string, context: CommandContext): Promise<EvidenceRef> {
    const evidence = await this.evidence.put(bytes, contentType);
    await this.executor.execute(
      streams.evidence(context.practiceId, evidence.sha256),
      evidenceDecider,
      {
        type: 'RecordEvidenceUpload',
        practiceId: context.practiceId,
        uploadedBy: context.actor,
        evidence,
        at: this.now(),
      },
      context,
    );
    return evidence;
  }

  /** Evidence the practice uploaded; null for a file it did not upload (whoever else did). */
  async evidenceOf(practiceId: string, sha256: string): Promise<EvidenceRef | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const { state } = await this.executor.load(streams.evidence(practiceId, sha256), evidenceDecider);
    return state.uploaded ? state.evidence : null;
  }

  /**
   * The one way to load a request: as the caller may see it. A practice sees
   * the requests about patients connected to it; an operator sees every
   * request. Anything else reads as not found.
   */
  async get(
    requestId: string,
    caller: Caller,
  ): Promise<{ state: Exclude<PhoneChangeState, { status: 'none' }>; history: PhoneChangeEvent[] }> {
    const recorded = await this.events.readStream(streams.phoneChange(requestId));
    const history = recorded.map((e) => ({ type: e.type, data: e.data }) as PhoneChangeEvent);
    const state = history.reduce(phoneChangeDecider.evolve, phoneChangeDecider.initialState);
    if (
      state.status === 'none' ||
      !(caller.operator || state.practiceIds.includes(caller.practiceId)) ||
      !(await this.mayFollow(caller, state.patientId))
    )
      throw new PhoneChangeRequestNotFound(requestId);
    return { state, history };
  }

  /** The file a request cites, for the operator deciding it. */
  async evidenceFor(requestId: string, caller: Caller): Promise<Buffer> {
    const { state } = await this.get(requestId, caller);
    const bytes = await this.evidence.get(state.evidence.sha256);
    if (!bytes) throw new EvidenceGone();
    return bytes;
  }

  async approve(requestId: string, reason: string, caller: Caller, context: CommandContext) {
    const { state } = await this.get(requestId, caller);
    const holder = (
      await this.executor.load(
        streams.reservation('patientphone', this.codes.phoneKey(state.newPhone)),
        reservationDecider,
      )
    ).state.holder;
    if (holder && holder !== state.patientId) throw new PhoneInUse();
    const verificationId = randomUUID();
    const outcome = await this.executor.execute(
      streams.phoneChange(requestId),
      phoneChangeDecider,
      { type: 'ApprovePhoneChange', requestId, by: context.actor, reason, verificationId, at: this.now() },
      context,
    );
    // The code goes out on behalf of the practice that filed the request (its outbox, on the embedded profile).
    await this.codes.send(
      state.newPhone,
      verificationId,
      { kind: 'phone_change', requestId, patientId: state.patientId },
      codeText,
      { ...context, practiceId: state.filedByPracticeId },
    );
    return outcome;
  }

  /** Another code to the new number (limits as for any code). */
  async resendCode(requestId: string, caller: Caller, context: CommandContext): Promise<void> {
    const { state } = await this.get(requestId, caller);
    if (state.status !== 'approved' || !state.verificationId)
      throw new PhoneChangeNotApproved('Codes are sent only for an approved request that is not completed yet.');
    await this.codes.resend(
      { phoneKey: this.codes.phoneKey(state.newPhone), verificationId: state.verificationId },
      codeText,
      { ...context, practiceId: state.filedByPracticeId },
    );
  }

  async reject(requestId: string, reason: string, caller: Caller, context: CommandContext) {
    await this.get(requestId, caller);
    return this.executor.execute(
      streams.phoneChange(requestId),
      phoneChangeDecider,
      { type: 'RejectPhoneChange', requestId, by: context.actor, reason, at: this.now() },
      context,
    );
  }

  /** The code the patient received on the new number: the login phone changes now. Retrying after a failure completes the rest. */
  async verify(requestId: string, code: string, caller: Caller, context: CommandContext) {
    const { state } = await this.get(requestId, caller);
    if (!state.verificationId || (state.status !== 'approved' && state.status !== 'completed')) {
      throw new PhoneChangeNotApproved('This request is not approved, so there is no code to check.');
    }
    const verified = await this.codes.check(
      { phoneKey: this.codes.phoneKey(state.newPhone), verificationId: state.verificationId },
      code,
      context,
    );
    if (verified.purpose.kind !== 'phone_change' || verified.purpose.requestId !== requestId)
      throw new PhoneChangeRequestNotFound(requestId);
    const before = (await this.executor.load(streams.patient(state.patientId), patientDecider)).state;
    if (before.status !== 'active') throw new PatientNotFound(state.patientId);
    try {
      await this.reservations.reserve('patientphone', this.codes.phoneKey(state.newPhone), state.patientId, context);
    } catch (error) {
      if (error instanceof ReservationHeld) throw new PhoneInUse();
      throw error;
    }
    if (before.phone !== state.newPhone) {
      await this.executor.execute(
        streams.patient(state.patientId),
        patientDecider,
        {
          type: 'ChangePatientPhone',
          patientId: state.patientId,
          phone: state.newPhone,
          requestId,
          verificationId: state.verificationId,
          at: this.now(),
        },
        context,
      );
      await this.reservations.release('patientphone', this.codes.phoneKey(before.phone), state.patientId, context);
    }
    return this.executor.execute(
      streams.phoneChange(requestId),
      phoneChangeDecider,
      { type: 'CompletePhoneChange', requestId, verificationId: state.verificationId, at: this.now() },
      context,
    );
  }
}
