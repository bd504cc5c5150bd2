import { describe, expect, it } from 'vitest';
import { fieldMessages } from './validation-messages.js';

describe('validation messages in plain words', () => {
  it('says a missing field is required, not how long it should have been', () => {
    expect(
      fieldMessages(
        'email',
        { maxLength: 'email must be shorter than or equal to 254 characters', isEmail: 'email must be an email' },
        undefined,
      ),
    ).toEqual(['email is required']);
  });

  it("keeps the DTO's own words for a missing field that has them", () => {
    expect(
      fieldMessages(
        'contactId',
        {
          isLength: 'contactId must be longer than or equal to 1 characters',
          isString: 'send contactId (an existing contact) or contact (a new one)',
        },
        undefined,
      ),
    ).toEqual(['send contactId (an existing contact) or contact (a new one)']);
  });

  it('says only what type a value of the wrong type must be', () => {
    expect(
      fieldMessages(
        'phone',
        { maxLength: 'phone must be shorter than or equal to 40 characters', isString: 'phone must be a string' },
        12,
      ),
    ).toEqual(['phone must be a string']);
  });

  it("puts the library's wordings in plain words", () => {
    expect(
      fieldMessages(
        'name',
        { isLength: 'name must be longer than or equal to 1 and shorter than or equal to 120 characters' },
        'x'.repeat(121),
      ),
    ).toEqual(['name must be 1 to 120 characters long']);
    expect(fieldMessages('name', { isLength: 'name must be longer than or equal to 1 characters' }, '')).toEqual([
      'name must not be empty',
    ]);
    expect(
      fieldMessages(
        'contactIds',
        {
          arrayMaxSize: 'contactIds must contain no more than 1000 elements',
          arrayMinSize: 'contactIds must contain at least 1 elements',
        },
        [],
      ),
    ).toEqual(['contactIds may hold at most 1000 items', 'contactIds must hold at least one item']);
    expect(
      fieldMessages('days', { max: 'days must not be greater than 30', isInt: 'days must be an integer number' }, 1.5),
    ).toEqual(['days must be a whole number']);
  });
});
