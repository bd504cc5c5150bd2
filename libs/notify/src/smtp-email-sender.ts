import nodemailer, { type Transporter } from 'nodemailer';
import { DeliveryError } from './delivery-error.js';
import { unsubscribeHeaders, type EmailSender, type OutgoingEmail } from './email.port.js';

export interface SmtpOptions {
  /** smtp://user:pass@host:port or smtps://… */
  url: string;
  /** The sending address; the practice's name is the display name. */
  fromAddress: string;
  timeoutMs?: number;
}

/** Email over SMTP with nodemailer: a plain-text and an HTML part, the practice's name as sender name. */
export class SmtpEmailSender implements EmailSender {
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    this.transport = nodemailer.createTransport({
      url: options.url,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(email: OutgoingEmail): Promise<{ providerId: string | null }> {
    try {
      const info = await this.transport.sendMail({
        from: { name: email.fromName, address: this.options.fromAddress },
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        // Lets a relay (and a person reading headers) tie retries of one message together.
        messageId: `<${email.key}@patient-invites>`,
        headers: { 'X-Patient-Invites-Key': email.key, ...unsubscribeHeaders(email) },
      });
      return { providerId: info.messageId ?? null };
    } catch (error) {
      const failure = error as { responseCode?: number; code?: string; message?: string };
      // 5xx replies are final (no such mailbox, rejected); 4xx replies and network trouble may pass later.
      const transient = failure.responseCode === undefined ? true : failure.responseCode < 500;
      throw new DeliveryError(
        `SMTP: ${failure.responseCode ?? failure.code ?? ''} ${failure.message ?? 'failed'}`.trim(),
        transient,
        { cause: error },
      );
    }
  }

  close(): void {
    this.transport.close();
  }
}
