import { Inject, Injectable } from '@nestjs/common';
import { smsConsentDecider, STAFF_KEYWORD, streams, type SmsConsentCommand } from '@pi/domain';
import { phoneHash } from '@pi/projections';
import type { CommandContext } from '../infrastructure/command-context.js';
import { CommandExecutor } from '../infrastructure/command-executor.js';
import { CLOCK, type Clock } from '../infrastructure/tokens.js';

/** May this practice text this number? Read from the consent stream itself, so a STOP counts at once. */
@Injectable()
export class SmsConsent {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  static stream(practiceId: string, phone: string): string {
    return streams.smsConsent(practiceId, phoneHash(phone));
  }

  async optedOut(practiceId: string, phone: string): Promise<boolean> {
    return (await this.executor.load(SmsConsent.stream(practiceId, phone), smsConsentDecider)).state.optedOut;
  }

  async record(
    practiceId: string,
    phone: string,
    change: 'out' | 'in',
    keyword: string,
    context: CommandContext,
  ): Promise<void> {
    const at = this.clock.now().toISOString();
    await this.execute(
      change === 'out'
        ? { type: 'OptOutOfSms', practiceId, phone, keyword, at }
        : { type: 'OptInToSms', practiceId, phone, keyword, at },
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
    const stream = SmsConsent.stream(command.practiceId, command.phone);
    const { position } = await this.executor.execute(stream, smsConsentDecider, command, context);
    return { position };
  }
}
