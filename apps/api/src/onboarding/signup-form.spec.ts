import { describe, expect, it } from 'vitest';
import { readCode, readSignupForm } from './signup-form.js';

describe('the signup form', () => {
  it('reads a complete form: trimmed values, the phone against the practice’s country, the invitation carried', () => {
    const form = readSignupForm(
      { name: ' Jane Doe ', phone: '(415) 555-0100', email: 'jane@example.com', consent: 'yes', i: 'tok' },
      'US',
    );
    expect(form).toMatchObject({
      values: { name: 'Jane Doe', phone: '(415) 555-0100', email: 'jane@example.com' },
      invitation: 'tok',
      phone: { e164: '+14155550100' },
      errors: {},
    });
  });

  it('says what to fix in each field, and never assumes consent', () => {
    const form = readSignupForm({ name: '', phone: '12', email: 'jane', consent: 'no' }, 'US');
    expect(Object.keys(form.errors).sort()).toEqual(['consent', 'email', 'name', 'phone']);
    expect(form.errors.consent).toMatch(/Tick the box/);
    expect(readSignupForm({ name: 'J', phone: '4155550100', email: 'j@x.example' }, 'US').errors).toEqual({
      consent: expect.any(String),
    });
  });

  it('treats anything but text as empty, and cuts long values', () => {
    const form = readSignupForm(
      { name: ['Jane'], phone: { e164: '+1' }, email: 'j@x.example', consent: 'yes', i: 'x'.repeat(101) },
      'US',
    );
    expect(form.values).toMatchObject({ name: '', phone: '' });
    expect(form.invitation).toBeNull();
    expect(readSignupForm({ name: 'n'.repeat(300) }, 'US').values.name).toHaveLength(100);
  });

  it('reads a 6-digit code typed with spaces, and nothing else', () => {
    expect(readCode({ code: ' 123 456 ' })).toBe('123456');
    expect(readCode({ code: '12345' })).toBeNull();
    expect(readCode({ code: 123456 })).toBeNull();
    expect(readCode(undefined)).toBeNull();
  });
});
