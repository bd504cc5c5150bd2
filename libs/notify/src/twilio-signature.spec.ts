import { describe, expect, it } from 'vitest';
import { twilioSignature, validTwilioSignature } from './twilio-signature.js';

// Vectors from Twilio's published request-validation samples.
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = (caller: string) => ({
  CallSid: 'CA1234567890ABCDE',
  Caller: caller,
  Digits: '1234',
  From: caller,
  To: '+18005551212',
});

describe('Twilio webhook signature', () => {
  it("matches the provider's published examples", () => {
    expect(twilioSignature('12345', url, params('+14158675310'))).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
    expect(twilioSignature('12345', url, params('+14158675309'))).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('refuses a missing or altered signature, and a changed parameter', () => {
    expect(validTwilioSignature('12345', url, params('+14158675310'), 'GvWf1cFY/Q7PnoempGyD5oXAezc=')).toBe(true);
    expect(validTwilioSignature('12345', url, params('+14158675310'), undefined)).toBe(false);
    expect(validTwilioSignature('12345', url, params('+14158675310'), 'GvWf1cFY/Q7PnoempGyD5oXAezd=')).toBe(false);
    expect(
      validTwilioSignature('12345', url, { ...params('+14158675310'), Digits: '9999' }, 'GvWf1cFY/Q7PnoempGyD5oXAezc='),
    ).toBe(false);
  });
});
