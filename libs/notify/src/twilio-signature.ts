import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's webhook signature: base64 HMAC-SHA1, keyed with the auth token, of
 * the full URL followed by each POST parameter's name and value, sorted by name.
 */
export function twilioSignature(secret: string, url: string, params: Record<string, string>): string {
  const payload = Object.keys(params)
    .sort()
    .reduce((text, key) => text + key + params[key], url);
  return createHmac('sha1', secret).update(payload).digest('base64');
}

export function validTwilioSignature(
  secret: string,
  url: string,
  params: Record<string, string>,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(twilioSignature(secret, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
