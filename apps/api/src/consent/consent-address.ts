import { requirePhone } from '@pi/domain';
import type { CommandExecutor } from '@pi/application';
import { ProblemException } from '../http/problem.js';
import { practiceCountry } from '../practice/practice-country.js';

export type ConsentAddress = { phone: string } | { email: string };

/** Exactly one address: a phone (to E.164, against the practice's country) or an email. */
export async function consentAddressOf(
  given: { phone?: string; email?: string },
  executor: CommandExecutor,
  practiceId: string,
): Promise<ConsentAddress> {
  if ((given.phone === undefined) === (given.email === undefined))
    throw ProblemException.of(400, 'one-address', 'Give either phone or email (one of them).', {
      errors: [{ field: 'phone', messages: ['give either phone or email'] }],
    });
  if (given.email !== undefined) return { email: given.email.trim().toLowerCase() };
  return { phone: requirePhone(given.phone!, await practiceCountry(executor, practiceId), 'phone').e164 };
}
