import { Inject, Injectable } from '@nestjs/common';
import { smsConsentDecider, STAFF_KEYWORD, streams, type ReplyFacts, type SmsConsentCommand } from '@pi/domain';
import type { CommandContext } from '../engine/command-context.js';
import { CommandExecutor } from '../engine/command-executor.js';
import { CLOCK, type Clock } from '../engine/tokens.js';
import { AddressHashes } from '../assurance/address-hashes.js';

/** May this practice text this number? Read from the consent stream itself, so a STOP counts at once. */
@Injectable()
export class SmsConsent {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AddressHashes) private readonly hashes: AddressHashes,
  ) {}

  /**
   * The number's consent stream at the practice (named by its keyed hash), decided on top of what a stream
   * from before keyed hashes (named by the bare hash) recorded: nothing a data directory from before holds is lost.
   */
  private async consentOf(practiceId: string, phone: string) {
    const hash = this.hashes.phone(phone);
    const before = await this.executor.load(streams.smsConsent(practiceId, hash.legacy), smsConsentDecider);
    return {
      stream: streams.smsConsent(practiceId, hash.keyed),
      decider: { ...smsConsentDecider, initialState: before.state },
    };
  }

  async optedOut(practiceId: string, phone: string): Promise<boolean> {
    const { stream, decider } = await this.consentOf(practiceId, phone);
    return (await this.executor.load(stream, decider)).state.optedOut;
  }

  async record(
    practiceId: string,
    phone: string,
    change: 'out' | 'in',
    keyword: string,
    context: CommandContext,
    /** The provider's id and time of the reply: a replay or a reply sent before the last one recorded changes nothing. */
    reply: ReplyFacts = {},
  ): Promise<void> {
    const at = this.clock.now().toISOString();
    await this.execute(
      change === 'out'
        ? { type: 'OptOutOfSms', practiceId, phone, keyword, at, ...reply }
        : { type: 'OptInToSms', practiceId, phone, keyword, at, ...reply },
      context,
    );
  }

  /** A revocation staff recorded (the patient asked on a call): honoured like STOP. */
  revokeByStaff(
    practiceId: string,
    phone: string,
    note: string | null,
    context: CommandContext,
  ): Promise<{ position: bigint | null }> {
    const at = this.clock.now().toISOString();
    return this.execute(
      { type: 'OptOutOfSms', practiceId, phone, keyword: STAFF_KEYWORD, via: 'staff', note, at },
      context,
    );
  }

  private async execute(command: SmsConsentCommand, context: CommandContext): Promise<{ position: bigint | null }> {
    const { stream, decider } = await this.consentOf(command.practiceId, command.phone);
    const { position } = await this.executor.execute(stream, decider, command, context);
    return { position };
  }
}
