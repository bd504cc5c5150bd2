import { randomUUID } from 'node:crypto';
import {
  emailMatchKey,
  operatorDecider,
  PracticeAlreadyRegistered,
  ReservationHeld,
  StaffMemberAlreadyExists,
  streams,
} from '@pi/domain';
import { NO_PRACTICE } from '../access/auth-context.js';
import type { CommandContext } from '../engine/command-context.js';
import type { CommandExecutor } from '../engine/command-executor.js';
import { derivedId } from '../engine/derived-id.js';
import { ignoring } from '../engine/ignoring.js';
import { Reservations } from '../engine/reservations.js';
import type { Clock } from '../engine/tokens.js';
import { RegisterPracticeCommand, RegisterPracticeHandler } from './practice.commands.js';
import { AddStaffMemberCommand, AddStaffMemberHandler } from './staff.commands.js';

export class ProvisioningInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
    this.name = 'ProvisioningInputError';
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function check(fields: Record<string, string | undefined>, country?: string): void {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (!value?.trim()) problems.push(`--${name} is required.`);
    else if (value.trim().length > 200) problems.push(`--${name} is longer than 200 characters.`);
    else if (name.endsWith('email') && !EMAIL.test(value.trim())) problems.push(`--${name} is not an email address.`);
  }
  if (country !== undefined && !/^[A-Z]{2}$/.test(country))
    problems.push('--country must be a two-letter country code such as US.');
  if (problems.length) throw new ProvisioningInputError(problems);
}

/**
 * Creates practices with their first admin, and the platform's operators, on
 * any profile (it writes through the command executor). Idempotent by email:
 * the same admin email finds the practice it made before (a reservation
 * stream per email), and every id after the first is derived, so a run cut
 * short finishes on the next.
 */
export class Provisioning {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly reservations: Reservations,
    private readonly clock: Clock,
  ) {}

  private context(practiceId: string): CommandContext {
    const id = randomUUID();
    return { practiceId, actor: 'system:provisioning', correlationId: id, causationId: id };
  }

  private async owner(scope: 'practiceadmin' | 'operatoremail', email: string, fresh: string): Promise<string> {
    try {
      await this.reservations.reserve(
        scope,
        this.reservations.personalKey(scope, emailMatchKey(email)),
        fresh,
        this.context(fresh),
      );
      return fresh;
    } catch (error) {
      if (error instanceof ReservationHeld) return error.holder;
      throw error;
    }
  }

  async createPractice(input: {
    name: string;
    adminName: string;
    adminEmail: string;
    country?: string;
  }): Promise<{ practiceId: string; adminStaffId: string }> {
    const country = input.country ?? 'US';
    check({ name: input.name, 'admin-name': input.adminName, 'admin-email': input.adminEmail }, country);
    const practiceId = await this.owner('practiceadmin', input.adminEmail, randomUUID());
    const adminStaffId = derivedId('practice-admin', practiceId);
    const context = this.context(practiceId);
    await new RegisterPracticeHandler(this.executor, this.clock)
      .execute(new RegisterPracticeCommand(practiceId, input.name.trim(), country, context))
      .catch(ignoring(PracticeAlreadyRegistered));
    await new AddStaffMemberHandler(this.executor, this.reservations, this.clock)
      .execute(
        new AddStaffMemberCommand(
          { name: input.adminName.trim(), email: input.adminEmail.trim(), role: 'admin', staffId: adminStaffId },
          context,
        ),
      )
      .catch(ignoring(StaffMemberAlreadyExists));
    return { practiceId, adminStaffId };
  }

  async createOperator(input: { name: string; email: string }): Promise<{ operatorId: string }> {
    check({ name: input.name, email: input.email });
    const operatorId = await this.owner('operatoremail', input.email, randomUUID());
    const at = this.clock.now().toISOString();
    await this.executor.execute(
      streams.operator(operatorId),
      operatorDecider,
      { type: 'RegisterOperator', operatorId, name: input.name.trim(), email: input.email.trim(), at },
      this.context(NO_PRACTICE),
    );
    return { operatorId };
  }
}
