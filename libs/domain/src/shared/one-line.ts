/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Names and labels are one line of plain text: a control character in one (a NUL, an escape, a newline)
 * breaks every place it is shown — an SMS, a CSV export, a log line, a page — or hides text from a reader.
 */
export function isOneLine(text: string): boolean {
  return !CONTROL.test(text);
}
