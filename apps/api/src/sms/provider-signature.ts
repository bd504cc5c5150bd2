import { validTwilioSignature } from '@pi/notify';
import type { Config } from '@pi/application';
import { ProblemException } from '../http/problem.js';

/**
 * The parameters of a form the SMS provider posted to `url`, once its
 * signature (X-Twilio-Signature over that URL and the parameters) checks out:
 * 503 when no webhook secret is set, 403 when it is not the provider's.
 */
export function signedByProvider(
  config: Pick<Config, 'smsWebhookSecret'>,
  url: string,
  body: Record<string, unknown> | undefined,
  signature: string | undefined,
): Record<string, string> {
  const secret = config.smsWebhookSecret;
  if (!secret)
    throw ProblemException.of(
      503,
      'sms-webhook-not-configured',
      'Set SMS_WEBHOOK_SECRET (or the SMS provider settings) to accept the SMS provider’s callbacks.',
    );
  const params = Object.fromEntries(Object.entries(body ?? {}).map(([k, v]) => [k, String(v)]));
  if (!validTwilioSignature(secret, url, params, signature))
    throw ProblemException.of(403, 'invalid-signature', 'The request is not signed by the SMS provider.');
  return params;
}
