import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException, problemType, type FieldError } from './problem.js';

function flatten(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  const fields: FieldError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      const messages = Object.entries(error.constraints).map(([rule, message]) =>
        rule === 'whitelistValidation' ? `${field} is not a field this endpoint accepts` : message,
      );
      fields.push({ field, messages });
    }
    if (error.children?.length) fields.push(...flatten(error.children, field));
  }
  return fields;
}

/**
 * Unknown fields and wrong types are refused (never silently dropped or coerced),
 * with one entry per field saying what is wrong.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new ProblemException({
        type: problemType('validation'),
        title: 'Your request is not valid',
        status: 400,
        detail: fields.length === 1 ? fields[0].messages[0] : `${fields.length} fields are not valid.`,
        errors: fields,
      });
    },
  });
}
