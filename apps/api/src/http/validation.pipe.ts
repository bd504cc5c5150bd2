import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { shapeErrors } from './declared-shape.js';
import { fieldMessages } from './validation-messages.js';
import { ProblemException, problemType, type FieldError } from './problem.js';

function flatten(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  const fields: FieldError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      const messages =
        'whitelistValidation' in error.constraints
          ? [`${field} is not a field this endpoint accepts`]
          : fieldMessages(field, error.constraints, error.value);
      fields.push({ field, messages });
    }
    if (error.children?.length) fields.push(...flatten(error.children, field));
  }
  return fields;
}

function invalid(fields: FieldError[]): ProblemException {
  return new ProblemException({
    type: problemType('validation'),
    title: 'Your request is not valid',
    status: 400,
    detail: fields.length === 1 ? fields[0].messages[0] : `${fields.length} fields are not valid.`,
    errors: fields,
  });
}

/**
 * A body is first held to the shape its DTO declares (required fields present, null only where declared
 * nullable, well-formed text: declared-shape.ts), then to its fields' own rules.
 */
class BodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      const fields = shapeErrors(metadata.metatype, value ?? {});
      if (fields.length > 0) throw invalid(fields);
    }
    return super.transform(value, metadata);
  }
}

/**
 * Unknown fields and wrong types are refused (never silently dropped or coerced),
 * with one entry per field saying what is wrong.
 */
export function createValidationPipe(): ValidationPipe {
  return new BodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // The value is read here to tell a missing field from a wrong one; it never leaves the pipe (it may be personal).
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => invalid(flatten(errors)),
  });
}
