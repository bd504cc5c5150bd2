/** Markup that is already safe: built by `html`, or trusted text marked with `trusted`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Escapes text for HTML and XML: element content and attribute values (pages, emails, TwiML). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

type Interpolation = SafeHtml | string | number | null | undefined | false | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly Interpolation[]).map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Markup with every interpolated value escaped unless it is itself `html` (or
 * `trusted`): a page cannot forget to escape a patient's or a practice's text.
 * `null`, `undefined` and `false` render as nothing, arrays as their items.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, text, i) => out + text + (i < values.length ? render(values[i]) : ''), ''));
}

/** Text this code wrote itself (a stylesheet, a constant): inserted as is. Never for data. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
