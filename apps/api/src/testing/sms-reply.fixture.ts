import { twilioSignature } from '@pi/notify';
import type { TestApp } from './test-app.fixture.js';

/** The webhook secret and public origin the SMS tests start their app with. */
export const SMS_TEST_SECRET = 'webhook-secret-for-tests-0123456789';
export const SMS_TEST_BASE = 'https://invite.brown.example';

/** A patient's text reply as the provider posts it to the inbound webhook, signed over the public URL (or not). */
export async function smsReply(
  api: Pick<TestApp, 'url'>,
  from: string,
  body: string,
  options: { sign?: boolean; secret?: string; base?: string; messageSid?: string; dateSent?: string } = {},
): Promise<{ status: number; text: string }> {
  const { sign = true, secret = SMS_TEST_SECRET, base = SMS_TEST_BASE } = options;
  const params: Record<string, string> = {
    From: from,
    To: '+14155550000',
    Body: body,
    MessageSid: options.messageSid ?? `SM${Math.random().toString(36).slice(2)}`,
    ...(options.dateSent ? { DateSent: options.dateSent } : {}),
  };
  const response = await fetch(`${api.url}/v1/sms/inbound`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(sign ? { 'x-twilio-signature': twilioSignature(secret, `${base}/v1/sms/inbound`, params) } : {}),
    },
    body: new URLSearchParams(params),
  });
  return { status: response.status, text: await response.text() };
}
