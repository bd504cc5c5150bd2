import { DeliveryError } from './delivery-error.js';
import type { OutgoingSms, SmsSender } from './sms.port.js';

export interface TwilioOptions {
  /** https://api.twilio.com, or a compatible provider. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** The sending number (E.164) or a Messaging Service SID (MG…). */
  from: string;
  /** Where the provider posts delivery status updates. */
  statusCallbackUrl?: string;
  timeoutMs?: number;
}

/** SMS through Twilio's Messages API shape: a form POST with basic auth. Bounded by a timeout: it never hangs. */
export class TwilioSmsSender implements SmsSender {
  constructor(private readonly options: TwilioOptions) {}

  async send(sms: OutgoingSms): Promise<{ providerId: string | null }> {
    const { baseUrl, accountSid, authToken, from, statusCallbackUrl } = this.options;
    const form = new URLSearchParams({ To: sms.to, Body: sms.text });
    form.set(from.startsWith('MG') ? 'MessagingServiceSid' : 'From', from);
    if (statusCallbackUrl) form.set('StatusCallback', statusCallbackUrl);
    let response: Response;
    try {
      response = await fetch(
        `${baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`,
        {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
            // Providers that honour it drop a retried request with the same token.
            'I-Twilio-Idempotency-Token': sms.key,
          },
          body: form,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        },
      );
    } catch (error) {
      throw new DeliveryError(
        `SMS provider unreachable: ${(error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message}`,
        true,
        { cause: error },
      );
    }
    const body = (await response.json().catch(() => ({}))) as { sid?: string; message?: string; code?: number };
    if (response.ok) return { providerId: body.sid ?? null };
    const transient = response.status === 429 || response.status >= 500;
    throw new DeliveryError(
      `SMS provider answered ${response.status}${body.code ? ` (${body.code})` : ''}: ${body.message ?? 'no detail'}`,
      transient,
    );
  }
}
