import { isOneLine } from '@pi/domain';
import { ValidateBy, type ValidationOptions } from 'class-validator';

export const ONE_LINE = 'isOneLine';

/** A name or a label: one line of text, without control characters (libs/domain one-line.ts says why). */
export function IsOneLine(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: ONE_LINE,
      validator: {
        validate: (value) => typeof value !== 'string' || isOneLine(value),
        defaultMessage: (args) => `${args?.property ?? 'it'} must be one line of text, without control characters`,
      },
    },
    options,
  );
}
