import { isOneLine, parsePhone, QR_MARKER, type Phone } from '@pi/domain';
import type { FieldErrors, SignupValues } from './signup.html.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CODE = /^\d{6}$/;

/** A form field as posted: trimmed, cut to `max` characters; anything but text is empty. */
const text = (value: unknown, max: number): string => (typeof value === 'string' ? value.trim().slice(0, max) : '');

/** What the signup form said, read and checked, with a message a person can act on per field. */
export interface SignupForm {
  values: SignupValues;
  /** The invitation token carried along from `?i=` (never redeemed by reading it). */
  invitation: string | null;
  /** The visitor came by the QR code (`src=qr`, carried from the landing page): counted as a scan. */
  fromQr: boolean;
  phone: Phone | null;
  errors: FieldErrors;
}

/** Reads the signup form's post (phones against the practice's country); `errors` is empty when it can go on. */
export function readSignupForm(body: Record<string, unknown>, defaultCountry: string): SignupForm {
  const values: SignupValues = {
    name: text(body.name, 100),
    phone: text(body.phone, 40),
    email: text(body.email, 254),
  };
  const invitation = typeof body.i === 'string' && body.i.length > 0 && body.i.length <= 100 ? body.i : null;
  const phone = parsePhone(values.phone, defaultCountry);
  const errors: FieldErrors = {};
  if (!values.name) errors.name = 'Enter your name.';
  else if (!isOneLine(values.name)) errors.name = 'Enter your name as one line of plain text.';
  if (!phone)
    errors.phone =
      'Enter a mobile number we can text, with the country code if it is not local (e.g. +1 415 555 0100).';
  if (!EMAIL.test(values.email)) errors.email = 'Enter an email address like name@example.com.';
  // TCPA: consent is given by ticking the box, never assumed.
  if (!['yes', 'on', 'true'].includes(typeof body.consent === 'string' ? body.consent : '')) {
    errors.consent = 'Tick the box to agree to text messages: your code comes by text.';
  }
  return { values, invitation, fromQr: body[QR_MARKER.param] === QR_MARKER.value, phone, errors };
}

/** The 6-digit code as posted (spaces allowed, as people type them), or null when it is not six digits. */
export function readCode(body: unknown): string | null {
  const code = text((body as Record<string, unknown> | undefined)?.code, 12).replace(/\s/g, '');
  return CODE.test(code) ? code : null;
}
