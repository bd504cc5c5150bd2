/** Values at dotted paths of JSON data: what sealing takes out and puts back (the log's events, the read models' documents). */
type Json = Record<string, unknown>;

const splitPaths = new Map<string, string[]>();
function split(path: string): string[] {
  let parts = splitPaths.get(path);
  if (!parts) splitPaths.set(path, (parts = path.split('.')));
  return parts;
}

/** The value at a dotted path (undefined when any step is missing). */
export function valueAtPath(data: unknown, path: string): unknown {
  let current = data;
  for (const part of split(path)) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Json)[part];
  }
  return current;
}

/** A copy of `data` with `value` at `path` (only the objects along it are copied; `undefined` deletes). */
export function withValueAt(data: Json, path: string, value: unknown): Json {
  const go = (object: Json, parts: readonly string[]): Json => {
    const [head, ...rest] = parts as [string, ...string[]];
    const copy = { ...object };
    if (rest.length === 0) {
      if (value === undefined) delete copy[head];
      else copy[head] = value;
      return copy;
    }
    const inner = copy[head];
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return copy;
    copy[head] = go(inner as Json, rest);
    return copy;
  };
  return go(data, split(path));
}
