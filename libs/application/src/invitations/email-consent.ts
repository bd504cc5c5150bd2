import { Inject, Injectable } from '@nestjs/common';
import { emailConsentDecider, streams, type EmailConsentVia } from '@pi/domain';
import type { CommandContext } from '../engine/command-context.js';
import { CommandExecutor } from '../engine/command-executor.js';
import { CLOCK, type Clock } from '../engine/tokens.js';
import { AddressHashes } from '../assurance/address-hashes.js';

/** May this practice email this address? Read from the consent stream itself, so an unsubscribe counts at once. */
@Injectable()
export class EmailConsent {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AddressHashes) private readonly hashes: AddressHashes,
  ) {}

  /** The address's consent stream (keyed hash), decided on top of a stream from before keyed hashes (bare hash). */
  private async consentOf(practiceId: string, email: string) {
    const hash = this.hashes.email(email);
    const before = await this.executor.load(streams.emailConsent(practiceId, hash.legacy), emailConsentDecider);
    return {
      stream: streams.emailConsent(practiceId, hash.keyed),
      decider: { ...emailConsentDecider, initialState: before.state },
    };
  }

  async optedOut(practiceId: string, email: string): Promise<boolean> {
    const { stream, decider } = await this.consentOf(practiceId, email);
    return (await this.executor.load(stream, decider)).state.optedOut;
  }

  async optOut(
    practiceId: string,
    email: string,
    via: EmailConsentVia,
    note: string | null,
    context: CommandContext,
  ): Promise<{ position: bigint | null }> {
    const at = this.clock.now().toISOString();
    const { stream, decider } = await this.consentOf(practiceId, email);
    const outcome = await this.executor.execute(
      stream,
      decider,
      { type: 'OptOutOfEmail', practiceId, email, via, note, at },
      context,
    );
    return { position: outcome.position };
  }
}
