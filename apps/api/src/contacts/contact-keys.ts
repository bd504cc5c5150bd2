import { Inject, Injectable } from '@nestjs/common';
import { DuplicateContact, emailMatchKey, ReservationHeld, type ContactState } from '@pi/domain';
import { type CommandContext, type PersonalKey, Reservations, type Step } from '@pi/application';

type Key = { scope: 'contactphone' | 'contactemail'; key: PersonalKey; matchedOn: 'phone' | 'email' };

/**
 * One contact per phone and per email in a practice, kept with reservation
 * streams (keyed hashes), so "is this person already in the address book?" is
 * an append, not a wait for a read model. A contact created with
 * allowDuplicate takes the keys only if they are free.
 */
@Injectable()
export class ContactKeys {
  constructor(@Inject(Reservations) private readonly reservations: Reservations) {}

  private keysOf(practiceId: string, contact: { phone: string | null; email: string | null }): Key[] {
    const keys: Key[] = [];
    if (contact.phone)
      keys.push({
        scope: 'contactphone',
        key: this.reservations.personalKey(practiceId, contact.phone),
        matchedOn: 'phone',
      });
    if (contact.email)
      keys.push({
        scope: 'contactemail',
        key: this.reservations.personalKey(practiceId, emailMatchKey(contact.email)),
        matchedOn: 'email',
      });
    return keys;
  }

  /** Takes the keys that are free; a key another contact holds stays with it (after an edit). */
  private async takeFree(
    context: CommandContext,
    contactId: string,
    contact: { phone: string | null; email: string | null },
  ): Promise<void> {
    for (const key of this.keysOf(context.practiceId, contact)) {
      try {
        await this.reservations.reserve(key.scope, key.key, contactId, context);
      } catch (error) {
        if (!(error instanceof ReservationHeld)) throw error;
      }
    }
  }

  /**
   * Runs the command that creates the contact with the steps that take its keys, so the keys and the contact
   * are one commit (executeAll). A key another contact holds is a 409 naming it when `exclusive`, otherwise
   * left to its holder; a holder that never came into existence loses it after its grace period.
   */
  async creating<T>(
    context: CommandContext,
    contactId: string,
    contact: { phone: string | null; email: string | null },
    exclusive: boolean,
    command: (keySteps: Step[]) => Promise<T>,
  ): Promise<T> {
    let keys = this.keysOf(context.practiceId, contact);
    const absent = new Map<string, string>();
    for (;;) {
      const steps = await Promise.all(
        keys.map((k) => this.reservations.reserving(k.scope, k.key, contactId, context, absent.get(k.scope))),
      );
      try {
        return await command(steps);
      } catch (error) {
        const key = error instanceof ReservationHeld ? keys.find((k) => k.scope === error.scope) : undefined;
        if (!key) throw error;
        const { holder } = error as ReservationHeld;
        if (!absent.has(key.scope) && !(await this.reservations.holderExists(key.scope, holder))) {
          absent.set(key.scope, holder);
          continue;
        }
        if (exclusive) throw new DuplicateContact(holder, key.matchedOn);
        keys = keys.filter((k) => k !== key);
      }
    }
  }

  /** The contact gives up keys it no longer has (after an edit it recorded). */
  private async release(context: CommandContext, contactId: string, keys: readonly Key[]): Promise<void> {
    for (const key of keys) await this.reservations.release(key.scope, key.key, contactId, context);
  }

  /** An erased contact gives up every key it held, so the person can be added again. */
  async releaseAll(
    context: CommandContext,
    contactId: string,
    contact: { phone: string | null; email: string | null },
  ): Promise<void> {
    await this.release(context, contactId, this.keysOf(context.practiceId, contact));
  }

  /** After an edit: frees keys the contact no longer has, takes new ones when free. */
  async move(
    context: CommandContext,
    contactId: string,
    before: Extract<ContactState, { status: 'active' }>,
    after: Extract<ContactState, { status: 'active' }>,
  ): Promise<void> {
    const old = this.keysOf(context.practiceId, { phone: before.phone?.e164 ?? null, email: before.email });
    const now = this.keysOf(context.practiceId, { phone: after.phone?.e164 ?? null, email: after.email });
    const same = (a: Key, b: Key) => a.scope === b.scope && a.key.keyed === b.key.keyed;
    await this.release(
      context,
      contactId,
      old.filter((k) => !now.some((n) => same(n, k))),
    );
    await this.takeFree(context, contactId, { phone: after.phone?.e164 ?? null, email: after.email });
  }
}
