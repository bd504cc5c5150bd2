import { Inject, Injectable } from '@nestjs/common';
import { emailConsentDecider, streams, type EmailConsentVia } from '@pi/domain';
import { emailHash } from '@pi/projections';
import type { CommandContext } from '../infrastructure/command-context.js';
import { CommandExecutor } from '../infrastructure/command-executor.js';
import { CLOCK, type Clock } from '../infrastructure/tokens.js';

/** May this practice email this address? Read from the consent stream itself, so an unsubscribe counts at once. */
@Injectable()
export class EmailConsent {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  static stream(practiceId: string, email: string): string {
    return streams.emailConsent(practiceId, emailHash(email));
  }

  async optedOut(practiceId: string, email: string): Promise<boolean> {
    return (await this.executor.load(EmailConsent.stream(practiceId, email), emailConsentDecider)).state.optedOut;
  }

  async optOut(
    practiceId: string,
    email: string,
    via: EmailConsentVia,
    note: string | null,
    context: CommandContext,
  ): Promise<{ position: bigint | null }> {
    const at = this.clock.now().toISOString();
    const outcome = await this.executor.execute(
      EmailConsent.stream(practiceId, email),
      emailConsentDecider,
      { type: 'OptOutOfEmail', practiceId, email, via, note, at },
      context,
    );
    return { position: outcome.position };
  }
}
