/** RFC 9457 problem details. `type` names the problem; docs/problems.md describes each. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Field-level details for validation problems. */
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface FieldError {
  /** Dot path of the field in the request body or query, e.g. `offerings.2`. */
  field: string;
  messages: string[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Relative problem type URIs, resolved against the API's own origin; see docs/problems.md. */
export function problemType(code: string): string {
  return `/problems/${code}`;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request body too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? 'Error';
}

/** Thrown anywhere in the HTTP layer to answer with a specific problem. */
export class ProblemException extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemException';
  }

  static of(
    status: number,
    code: string,
    detail: string,
    extensions: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): ProblemException {
    return new ProblemException(
      { type: problemType(code), title: titleFor(status), status, detail, ...extensions },
      headers,
    );
  }
}
