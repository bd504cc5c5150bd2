import { createHmac } from 'node:crypto';
import { InvalidQuery } from '../document-store.errors.js';
import type { FieldCondition, Scalar, Where } from '../document-store.port.js';
import type { BlindIndexKind } from './sealed-fields.js';

/** Characters of a `prefix` value's text whose every prefix is indexed. */
export const PREFIX_INDEXED = 24;

/** What a query must still check on the opened documents: a `$containsPrefix` probe longer than is indexed. */
export interface PrefixCheck {
  path: string;
  prefix: string;
}

function scopeAndText(value: string): [string, string] {
  const at = value.indexOf(':');
  if (at < 0) throw new InvalidQuery('A prefix-indexed value is written <scope>:<text>.');
  return [value.slice(0, at + 1), value.slice(at + 1)];
}

/**
 * Keyed blind indexes of sealed values (HMAC-SHA-256 under the read models' index key, 22 characters after
 * `b`): the store matches them without holding the values, and without the key trying every phone number of an
 * area code recovers nothing. Equal values give equal indexes, so only equality and membership are asked.
 */
export class BlindIndex {
  constructor(private readonly key: Buffer) {}

  private hash(text: string): string {
    return `b${createHmac('sha256', this.key).update(text).digest('base64url').slice(0, 22)}`;
  }

  private exactOf(value: string, kind: BlindIndexKind): string {
    return this.hash(kind === 'prefix' ? `=${value}` : value);
  }

  private prefixOf(value: string): string {
    return this.hash(`^${value}`);
  }

  /** What is stored at a blind path in place of its value (a string, a list of strings, or null). */
  stored(value: unknown, kind: BlindIndexKind): unknown {
    if (value === null || value === undefined) return value;
    const one = (text: string): string[] => {
      if (kind === 'exact') return [this.exactOf(text, kind)];
      const [scope, rest] = scopeAndText(text);
      const indexes = [this.exactOf(text, kind)];
      for (let end = 1; end <= Math.min(rest.length, PREFIX_INDEXED); end++)
        indexes.push(this.prefixOf(scope + rest.slice(0, end)));
      return indexes;
    };
    if (Array.isArray(value)) return [...new Set(value.flatMap((text) => one(String(text))))];
    if (kind === 'prefix') throw new InvalidQuery('A prefix index is kept on a list of values.');
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new InvalidQuery('An exact index is kept on text or a list of texts.');
    return this.exactOf(String(value), kind);
  }

  /** A condition on a blind path, asked of its indexes; prefix probes longer than is indexed are also returned to check. */
  condition(path: string, condition: FieldCondition, kind: BlindIndexKind, checks: PrefixCheck[]): FieldCondition {
    const exact = (value: Scalar): Scalar =>
      value === null ? null : this.exactOf(typeof value === 'string' ? value : String(value), kind);
    if (condition === null || typeof condition !== 'object') return exact(condition);
    if ('$in' in condition) return { $in: condition.$in.map(exact) };
    if ('$ne' in condition) return { $ne: exact(condition.$ne) };
    if ('$contains' in condition) return { $contains: exact(condition.$contains) };
    if ('$containsAll' in condition) return { $containsAll: condition.$containsAll.map(exact) };
    if ('$notContains' in condition) return { $notContains: exact(condition.$notContains) };
    if ('$containsPrefix' in condition && kind === 'prefix') {
      const [scope, rest] = scopeAndText(condition.$containsPrefix);
      if (rest.length > PREFIX_INDEXED) checks.push({ path, prefix: condition.$containsPrefix });
      return { $contains: this.prefixOf(scope + rest.slice(0, PREFIX_INDEXED)) };
    }
    throw new InvalidQuery(`${path} is sealed: it can be matched by equality or membership only.`);
  }

  /** A query's conditions with every blind path asked of its indexes; a condition on another sealed path is refused. */
  where(
    where: Where | undefined,
    blind: Readonly<Record<string, BlindIndexKind>>,
    isSealed: (path: string) => boolean,
    checks: PrefixCheck[],
  ): Where | undefined {
    if (!where) return where;
    const asked: Record<string, FieldCondition> = {};
    for (const [path, condition] of Object.entries(where)) {
      const kind = blind[path];
      if (kind) asked[path] = this.condition(path, condition, kind, checks);
      else if (isSealed(path))
        throw new InvalidQuery(`${path} is sealed and has no blind index: it cannot be queried.`);
      else asked[path] = condition;
    }
    return asked;
  }
}
