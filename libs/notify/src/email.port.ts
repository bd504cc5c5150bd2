/** An email to send. Carries no patient health information, ever. */
export interface OutgoingEmail {
  /** Idempotency key: the same key is never sent twice by an adapter that supports it. */
  key: string;
  to: string;
  fromName: string;
  subject: string;
  text: string;
  html: string;
  /** The practice on whose behalf it goes (keeps the embedded outbox per practice). */
  practiceId: string;
}

export interface EmailSender {
  send(email: OutgoingEmail): Promise<{ providerId: string | null }>;
}
