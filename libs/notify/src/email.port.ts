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
  /** The data subjects whose personal values it carries (`invitation:<id>`): erasing one scrubs it. */
  dataSubjects: readonly string[];
  /** Where one click unsubscribes the address from the practice's email (RFC 8058: a POST to it). */
  unsubscribeUrl?: string;
}

/**
 * RFC 2369 / RFC 8058 headers: mail clients offer an "Unsubscribe" button
 * that POSTs `List-Unsubscribe=One-Click` to the URL, without opening it.
 */
export function unsubscribeHeaders(email: Pick<OutgoingEmail, 'unsubscribeUrl'>): Record<string, string> {
  return email.unsubscribeUrl
    ? { 'List-Unsubscribe': `<${email.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
    : {};
}

export interface EmailSender {
  send(email: OutgoingEmail): Promise<{ providerId: string | null }>;
}
