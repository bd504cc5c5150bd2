import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { DomainError } from './domain-error.js';

/** A phone number as stored: E.164, the extension apart, and the text as it was typed. */
export interface Phone {
  e164: string;
  extension: string | null;
  asTyped: string;
}

export class InvalidPhoneNumber extends DomainError {
  readonly code = 'invalid-phone-number';
  readonly kind = 'invalid';
  constructor(field: string) {
    super(`${field} is not a phone number we can read; include the country code (e.g. +1 415 555 0100).`, {
      errors: [{ field, messages: [`${field} must be a valid phone number`] }],
    });
  }
}

/**
 * Reads a phone number typed in any common format, against the practice's
 * default country when it has no country code. Null when it is not a valid number.
 */
export function parsePhone(text: string, defaultCountry: string): Phone | null {
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: defaultCountry as CountryCode, extract: false });
  if (!parsed || !parsed.isValid()) return null;
  return { e164: parsed.number, extension: parsed.ext ?? null, asTyped: text };
}

export function requirePhone(text: string, defaultCountry: string, field: string): Phone {
  const phone = parsePhone(text, defaultCountry);
  if (!phone) throw new InvalidPhoneNumber(field);
  return phone;
}

/** How people read a stored E.164 number: international format with spaces (+1 415 555 0100). */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
