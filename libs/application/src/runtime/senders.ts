import { SmtpEmailSender, TwilioSmsSender, type EmailSender, type SmsSender } from '@pi/notify';
import type { Config } from './config.js';
import type { Runtime } from './runtime.js';

export interface Senders {
  sms: SmsSender;
  email: EmailSender;
}

/** SMTP and the SMS provider when configured; otherwise the embedded outbox (nothing leaves the machine). */
export function senders(config: Config, runtime: Runtime): Senders {
  return {
    email: config.smtp
      ? new SmtpEmailSender({ url: config.smtp.url, fromAddress: config.smtp.from })
      : runtime.outbox.email,
    sms: config.smsProvider
      ? new TwilioSmsSender({
          baseUrl: config.smsProvider.url,
          accountSid: config.smsProvider.accountSid,
          authToken: config.smsProvider.authToken,
          from: config.smsProvider.from,
          statusCallbackUrl: config.smsProvider.statusCallbackUrl ?? undefined,
        })
      : runtime.outbox.sms,
  };
}
