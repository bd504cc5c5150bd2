import { DomainError } from '@pi/domain';

/** The file is not CSV this import can read; names the line, never its content. */
export class MalformedCsv extends DomainError {
  readonly code = 'malformed-csv';
  readonly kind = 'invalid';
  constructor(line: number | null) {
    super(
      `The CSV cannot be read${line ? ` (near line ${line})` : ''}: check its quotes and separators.`,
      line ? { line } : {},
    );
  }
}

export class TooManyRows extends DomainError {
  readonly code = 'too-many-rows';
  readonly kind = 'invalid';
  constructor(max: number) {
    super(`At most ${max} rows per import; split the file.`, { maxRows: max });
  }
}

export class MissingColumns extends DomainError {
  readonly code = 'missing-columns';
  readonly kind = 'invalid';
  constructor() {
    super('The first line must name the columns: name, phone, email, tags (any of them, in any order).');
  }
}
