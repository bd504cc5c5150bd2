/** The class-validator rules that say what type a value must be: when one fails, its other rules say nothing useful. */
const TYPE_RULES = new Set([
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
  'nestedValidation',
  'isDateString',
  'isISO8601',
]);

/** The library's default wordings, in plain words. */
const PLAIN: [RegExp, (m: RegExpMatchArray) => string][] = [
  [
    /^(.+) must be longer than or equal to (\d+) and shorter than or equal to (\d+) characters$/,
    (m) => `${m[1]} must be ${m[2]} to ${m[3]} characters long`,
  ],
  [/^(.+) must be longer than or equal to 1 characters$/, (m) => `${m[1]} must not be empty`],
  [
    /^(.+) must be longer than or equal to (\d+) characters$/,
    (m) => `${m[1]} must be at least ${m[2]} characters long`,
  ],
  [
    /^(.+) must be shorter than or equal to (\d+) characters$/,
    (m) => `${m[1]} must be at most ${m[2]} characters long`,
  ],
  [/^(.+) must contain no more than (\d+) elements$/, (m) => `${m[1]} may hold at most ${m[2]} items`],
  [/^(.+) must contain at least 1 elements$/, (m) => `${m[1]} must hold at least one item`],
  [/^(.+) must contain at least (\d+) elements$/, (m) => `${m[1]} must hold at least ${m[2]} items`],
  [/^(.+) must not be greater than (-?[\d.]+)$/, (m) => `${m[1]} must be at most ${m[2]}`],
  [/^(.+) must not be less than (-?[\d.]+)$/, (m) => `${m[1]} must be at least ${m[2]}`],
  [/^(.+) must be an integer number$/, (m) => `${m[1]} must be a whole number`],
  [/^(.+) must be one of the following values: (.+)$/, (m) => `${m[1]} must be one of: ${m[2]}`],
];

function plain(message: string): string {
  for (const [pattern, say] of PLAIN) {
    const match = message.match(pattern);
    if (match) return say(match);
  }
  return message;
}

/** A message the DTO wrote itself (not the library's "<field> must …"): it says what to send instead. */
const ownWords = (field: string, message: string) =>
  !message.startsWith(`${field} `) && !message.startsWith(`each value in ${field} `);

/**
 * What to tell the caller about one field, from the rules it failed: a missing
 * field is "required" (or the DTO's own words for it), a value of the wrong type
 * gets its type's message only (not "must be at most 254 characters" for a
 * number), and the library's wordings become plain ones.
 */
export function fieldMessages(field: string, constraints: Record<string, string>, value: unknown): string[] {
  const rules = Object.entries(constraints);
  if (value === undefined) {
    const own = rules.map(([, message]) => message).filter((message) => ownWords(field, message));
    return own.length > 0 ? own : [`${field} is required`];
  }
  const typeFailures = rules.filter(([rule]) => TYPE_RULES.has(rule));
  const chosen = typeFailures.length > 0 ? typeFailures : rules;
  return chosen.map(([, message]) => plain(message));
}
