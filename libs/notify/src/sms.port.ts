/** A text message to send. Carries no patient health information, ever. */
export interface OutgoingSms {
  /** Idempotency key: the same key is never sent twice by an adapter that supports it. */
  key: string;
  /** E.164 */
  to: string;
  text: string;
  /**
   * The practice on whose behalf it goes (keeps the embedded outbox per practice), or null for the recipient's own
   * secret (a sign-up or sign-in code): no practice's outbox ever shows it, only the platform's operators'.
   */
  practiceId: string | null;
  /** The data subjects whose personal values it carries (`invitation:<id>`, `verification:<id>`): erasing one scrubs it. */
  dataSubjects: readonly string[];
}

export interface SmsSender {
  send(sms: OutgoingSms): Promise<{ providerId: string | null }>;
}
