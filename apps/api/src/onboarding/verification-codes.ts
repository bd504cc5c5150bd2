import { createHmac, randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  phoneVerificationDecider,
  streams,
  subjects,
  VerificationNotFound,
  WrongCode,
  CODE_POLICY,
  type VerificationPurpose,
} from '@pi/domain';
import { DeliveryError } from '@pi/notify';
import {
  CLOCK,
  type Clock,
  type CommandContext,
  CommandExecutor,
  PHONE_KEY_SECRET,
  SENDERS,
  type Senders,
} from '@pi/application';
import { UpstreamFailed } from '../infrastructure/upstream-failed.js';

/** What the verify form carries between requests: which phone's stream, which verification. Reveals neither phone nor code. */
export interface VerificationRef {
  phoneKey: string;
  verificationId: string;
}

const REF = /^([A-Za-z0-9_-]{43})\.([0-9a-f-]{36})$/;

export interface VerifiedPhone {
  verificationId: string;
  phone: string;
  purpose: VerificationPurpose;
  verifiedAt: string;
}

/**
 * 6-digit SMS codes: random, kept only as a keyed hash (a bare hash of six
 * digits is guessed in a million tries), checked by the phone-verification
 * decider, which owns the limits. Codes are texted in the request, because a
 * person is waiting for them.
 */
@Injectable()
export class VerificationCodes {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SENDERS) private readonly senders: Senders,
    @Inject(PHONE_KEY_SECRET) private readonly secret: string,
  ) {}

  /** The pseudonymous key of a phone number: names its verification stream. */
  phoneKey(e164: string): string {
    return createHmac('sha256', this.secret).update(`phone|${e164}`).digest('base64url');
  }

  static formatRef(ref: VerificationRef): string {
    return `${ref.phoneKey}.${ref.verificationId}`;
  }

  static parseRef(text: unknown): VerificationRef | null {
    const match = typeof text === 'string' ? REF.exec(text) : null;
    return match ? { phoneKey: match[1], verificationId: match[2] } : null;
  }

  private codeHash(verificationId: string, code: string): string {
    return createHmac('sha256', this.secret).update(`code|${verificationId}|${code}`).digest('base64url');
  }

  /**
   * Sends the first code of a verification (with its purpose) or a new one
   * (purpose null). Throws the decider's limits (429) before anything is texted.
   */
  async send(
    phone: string,
    verificationId: string,
    purpose: VerificationPurpose | null,
    text: (code: string) => string,
    context: CommandContext,
  ): Promise<VerificationRef> {
    const ref = { phoneKey: this.phoneKey(phone), verificationId };
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const at = this.clock.now().toISOString();
    const outcome = await this.executor.execute(
      streams.phoneVerification(ref.phoneKey),
      phoneVerificationDecider,
      { type: 'SendCode', verificationId, phone, purpose, codeHash: this.codeHash(verificationId, code), at },
      context,
    );
    const sent = outcome.events[0];
    const codeNumber = sent?.type === 'VerificationCodeSent' ? sent.data.codeNumber : 0;
    try {
      await this.senders.sms.send({
        key: `code-${verificationId}-${codeNumber}`,
        to: phone,
        text: text(code),
        // The code is the patient's secret: no practice's outbox shows it, whoever asked for it.
        practiceId: null,
        dataSubjects: [subjects.verification(verificationId)],
      });
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      throw new UpstreamFailed(
        'code-not-sent',
        'We could not send a text message to this number just now. Check the number and try again in a minute.',
      );
    }
    return ref;
  }

  /** A new code for a verification in progress: the phone comes from its stream. */
  async resend(
    ref: VerificationRef,
    text: (code: string) => string,
    context: CommandContext,
  ): Promise<VerificationRef> {
    const { state } = await this.executor.load(streams.phoneVerification(ref.phoneKey), phoneVerificationDecider);
    if (!state.phone || !state.verifications[ref.verificationId]) throw new VerificationNotFound();
    return this.send(state.phone, ref.verificationId, null, text, context);
  }

  /** What a verification is for, without checking anything (to render its pages). */
  async purposeOf(ref: VerificationRef): Promise<{ phone: string; purpose: VerificationPurpose } | null> {
    const { state } = await this.executor.load(streams.phoneVerification(ref.phoneKey), phoneVerificationDecider);
    const verification = state.verifications[ref.verificationId];
    return state.phone && verification ? { phone: state.phone, purpose: verification.purpose } : null;
  }

  /**
   * Checks a code. A wrong one is recorded (so it counts) and then refused with
   * the tries left; the right one verifies the phone. The right code sent again
   * answers the same verified phone, so a retried form can finish its work.
   */
  async check(ref: VerificationRef, code: string, context: CommandContext): Promise<VerifiedPhone> {
    const stream = streams.phoneVerification(ref.phoneKey);
    const outcome = await this.executor.execute(
      stream,
      phoneVerificationDecider,
      {
        type: 'CheckCode',
        verificationId: ref.verificationId,
        codeHash: this.codeHash(ref.verificationId, code.trim()),
        at: this.clock.now().toISOString(),
      },
      context,
    );
    const event = outcome.events[0];
    if (event?.type === 'VerificationCodeRejected') throw new WrongCode(CODE_POLICY.maxTries - event.data.tries);
    if (event?.type === 'PhoneVerified')
      return {
        verificationId: ref.verificationId,
        phone: event.data.phone,
        purpose: event.data.purpose,
        verifiedAt: event.data.verifiedAt,
      };
    // The right code again: the phone was verified before (a retried form).
    const { state } = await this.executor.load(stream, phoneVerificationDecider);
    const verification = state.verifications[ref.verificationId];
    if (!state.phone || !verification?.verifiedAt) throw new VerificationNotFound();
    return {
      verificationId: ref.verificationId,
      phone: state.phone,
      purpose: verification.purpose,
      verifiedAt: verification.verifiedAt,
    };
  }
}
