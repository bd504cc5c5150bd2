import { Inject, Injectable } from '@nestjs/common';
import { smsConsentDecider, STAFF_KEYWORD, streams } from '@pi/domain';
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
    const command =
      change === 'out'
        ? { type: 'OptOutOfSms' as const, practiceId, phone, keyword, at }
        : { type: 'OptInToSms' as const, practiceId, phone, keyword, at };
    await this.executor.execute(SmsConsent.stream(practiceId, phone), smsConsentDecider, command, context);
  }

  /** A revocation staff recorded (the patient asked on a call): honoured like STOP. */
  async revokeByStaff(
    practiceId: string,
    phone: string,
    note: string | null,
    context: CommandContext,
  ): Promise<{ position: bigint | null }> {
    const at = this.clock.now().toISOString();
    const command = {
      type: 'OptOutOfSms' as const,
      practiceId,
      phone,
      keyword: STAFF_KEYWORD,
      via: 'staff' as const,
      note,
      at,
    };
    const outcome = await this.executor.execute(
      SmsConsent.stream(practiceId, phone),
      smsConsentDecider,
      command,
      context,
    );
    return { position: outcome.position };
  }
}
