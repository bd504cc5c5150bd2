import { Inject, Injectable } from '@nestjs/common';
import {
  contactDecider,
  invitationDecider,
  patientDecider,
  streams,
  type ContactState,
  type ErasureReason,
  type PersonalDataErased,
  type PhoneChangeRequested,
} from '@pi/domain';
import type { Position } from '@pi/event-store';
import { ContactKeys } from '../contacts/contact-keys.js';
import { EvidenceStore } from '../identity/evidence-store.js';
import {
  CLOCK,
  type Clock,
  type CommandContext,
  CommandExecutor,
  Reservations,
  type Runtime,
  RUNTIME,
} from '@pi/application';
import { VerificationCodes } from '../onboarding/verification-codes.js';

export interface Erasure {
  reason: ErasureReason;
  /** A ticket or request number (letters, digits, - and _). */
  reference: string | null;
}

export interface Erased {
  erasedAt: string;
  position: Position | null;
}

/**
 * Erasure by crypto-shredding. The log records the erasure first (who, when,
 * why, which subjects), then the keys those subjects' values were sealed with
 * are destroyed: the values become unreadable in the log, its backups and
 * every read model rebuilt from it, while ids, statuses and counts stay. Each
 * step is idempotent, so a request cut short is finished by sending it again.
 */
@Injectable()
export class PersonalDataEraser {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(ContactKeys) private readonly contactKeys: ContactKeys,
    @Inject(Reservations) private readonly reservations: Reservations,
    @Inject(VerificationCodes) private readonly codes: VerificationCodes,
    @Inject(EvidenceStore) private readonly evidence: EvidenceStore,
  ) {}

  /** A practice's contact who never connected (a connected one goes with the patient's account). */
  async eraseContact(
    contactId: string,
    erasure: Erasure,
    context: CommandContext,
    withAccount = false,
  ): Promise<Erased> {
    const stream = streams.contact(contactId);
    const before = (await this.executor.load(stream, contactDecider)).state;
    const outcome = await this.executor.execute(
      stream,
      contactDecider,
      {
        type: 'EraseContact',
        contactId,
        practiceId: context.practiceId,
        by: context.actor,
        ...erasure,
        withAccount,
        at: this.clock.now().toISOString(),
      },
      context,
    );
    if (before.status === 'active') {
      // Its invitations stop working and are never delivered to an erased address.
      for (const invitationId of before.invitationIds)
        await this.executor.execute(
          streams.invitation(invitationId),
          invitationDecider,
          { type: 'RevokeInvite', invitationId, practiceId: context.practiceId, at: this.clock.now().toISOString() },
          context,
        );
      await this.contactKeys.releaseAll(context, contactId, { phone: before.phone?.e164 ?? null, email: before.email });
    }
    const addresses = before.status === 'active' ? [before.phone?.e164, before.email] : [];
    return this.destroyKeysOf(stream, outcome.position, addresses);
  }

  /** A patient account (an operator's command): the account, its verifications and the practices' paired contacts. */
  async erasePatient(patientId: string, erasure: Erasure, context: CommandContext): Promise<Erased> {
    const stream = streams.patient(patientId);
    const before = (await this.executor.load(stream, patientDecider)).state;
    // Read before the erasure is recorded: from then on every reader sees the values as erased.
    const earlierPhones = before.status === 'active' ? await this.phonesOf(stream) : [];
    const outcome = await this.executor.execute(
      stream,
      patientDecider,
      { type: 'ErasePatientAccount', patientId, by: context.actor, ...erasure, at: this.clock.now().toISOString() },
      context,
    );
    if (before.status === 'active') {
      for (const [practiceId, connection] of Object.entries(before.connections)) {
        const contact: ContactState = (await this.executor.load(streams.contact(connection.contactId), contactDecider))
          .state;
        if (contact.status === 'active' && contact.patientId === patientId)
          await this.eraseContact(connection.contactId, erasure, { ...context, practiceId }, true);
      }
      await this.reservations.release('patientphone', this.codes.phoneKey(before.phone), patientId, context);
    }
    // ID evidence cited by the patient's phone-change requests goes with the account.
    for (const sha256 of await this.evidenceOf(patientId)) this.evidence.erase(sha256);
    const addresses = before.status === 'active' ? [before.phone, before.email, ...earlierPhones] : [];
    return this.destroyKeysOf(stream, outcome.position, addresses);
  }

  /** The evidence files the patient's phone-change requests cite (found in the log: erasures are rare). */
  private async evidenceOf(patientId: string): Promise<string[]> {
    const found = new Set<string>();
    for (let after: Position | undefined; ;) {
      const page = await this.runtime.events.readAll({
        after,
        maxCount: 1000,
        filter: { eventTypes: ['PhoneChangeRequested'] },
      });
      for (const event of page) {
        const data = event.data as PhoneChangeRequested['data'];
        if (data.patientId === patientId) found.add(data.evidence.sha256);
      }
      if (page.length < 1000) return [...found];
      after = page.at(-1)!.position;
    }
  }

  /** Every login phone the account had (a phone change leaves the old one in messages sent before it). */
  private async phonesOf(stream: string): Promise<string[]> {
    const events = await this.runtime.events.readStream(stream);
    return events.flatMap((event) =>
      event.type === 'PatientPhoneChanged' ? [(event.data as { previousPhone?: string }).previousPhone ?? ''] : [],
    );
  }

  /**
   * Destroys the keys the stream's erasure names (again, if a first attempt was cut short), then scrubs the
   * copies kept outside the log: the embedded outbox's messages of those subjects or to those addresses.
   */
  private async destroyKeysOf(
    stream: string,
    position: Position | null,
    addresses: readonly (string | null | undefined)[],
  ): Promise<Erased> {
    const events = await this.runtime.events.readStream(stream);
    const erasure = events.findLast((event) => event.type === 'PersonalDataErased');
    if (!erasure) throw new Error(`${stream}: no erasure recorded`);
    const { subjects, erasedAt } = erasure.data as PersonalDataErased['data'];
    await this.runtime.dataKeys.destroy(subjects, erasedAt);
    this.runtime.outbox.erase({ subjects, addresses: addresses.filter((a): a is string => !!a) });
    return { erasedAt, position: position ?? erasure.position };
  }
}
