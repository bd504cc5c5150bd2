/** A text message to send. Carries no patient health information, ever. */
export interface OutgoingSms {
  /** Idempotency key: the same key is never sent twice by an adapter that supports it. */
  key: string;
  /** E.164 */
  to: string;
  text: string;
  /** The practice on whose behalf it goes (keeps the embedded outbox per practice). */
  practiceId: string;
}

export interface SmsSender {
  send(sms: OutgoingSms): Promise<{ providerId: string | null }>;
}
