import { describe, expect, it } from 'vitest';
import { emailMatchKey } from './email.js';

describe('email match key', () => {
  it('trims and lower-cases the domain only', () => {
    expect(emailMatchKey('  Jane.Doe+clinic@Example.COM ')).toBe('Jane.Doe+clinic@example.com');
  });

  it('never strips dots or plus tags', () => {
    expect(emailMatchKey('jane.doe@x.test')).not.toBe(emailMatchKey('janedoe@x.test'));
    expect(emailMatchKey('jane+a@x.test')).not.toBe(emailMatchKey('jane@x.test'));
  });
});
