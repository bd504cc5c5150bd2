import { InvalidQuery } from '../document-store.errors.js';
import type { FieldCondition, Scalar, Where } from '../document-store.port.js';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** A field's value as a query sees it: booleans as 1/0, objects and arrays as not comparable (SQLite's json_extract). */
export function valueAt(doc: object, field: string): unknown {
  if (!FIELD.test(field)) throw new InvalidQuery(`Not a field name: ${field}`);
  let value: unknown = doc;
  for (const part of field.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    value = (value as Record<string, unknown>)[part];
  }
  if (value === undefined) return null;
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

const scalar = (value: Scalar) => (typeof value === 'boolean' ? (value ? 1 : 0) : value);

/** SQLite's order across types: NULL, then numbers, then text. */
export function compare(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (v === null ? 0 : typeof v === 'number' ? 1 : typeof v === 'string' ? 2 : 3);
  const [ra, rb] = [rank(a), rank(b)];
  if (ra !== rb) return ra - rb;
  if (ra === 0 || ra === 3) return 0;
  return (a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0;
}

const comparable = (v: unknown) => typeof v === 'number' || typeof v === 'string';

/** The elements of an array field (a scalar stands for itself; absent: none). */
function elements(doc: object, field: string): unknown[] {
  let value: unknown = doc;
  for (const part of field.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
    value = (value as Record<string, unknown>)[part];
  }
  if (value === undefined || value === null) return [];
  const list: unknown[] = Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value) : [value];
  return list.map((v): unknown => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
}

function holds(doc: object, field: string, condition: FieldCondition): boolean {
  if (condition === null) return valueAt(doc, field) === null;
  if (typeof condition !== 'object') return valueAt(doc, field) === scalar(condition);
  if ('$in' in condition) {
    const value = valueAt(doc, field);
    return value !== null && condition.$in.map(scalar).includes(value as never);
  }
  if ('$ne' in condition) {
    const value = valueAt(doc, field);
    return condition.$ne === null ? value !== null : value === null || value !== scalar(condition.$ne);
  }
  if ('$contains' in condition) return elements(doc, field).includes(scalar(condition.$contains));
  if ('$containsAll' in condition) {
    const list = elements(doc, field);
    return condition.$containsAll.every((v) => list.includes(scalar(v)));
  }
  if ('$notContains' in condition) return !elements(doc, field).includes(scalar(condition.$notContains));
  if ('$containsPrefix' in condition) {
    const prefix = condition.$containsPrefix;
    return elements(doc, field).some((v) => typeof v === 'string' && v >= prefix && v < `${prefix}\uffff`);
  }
  if ('$prefix' in condition) {
    const value = valueAt(doc, field);
    return typeof value === 'string' && value >= condition.$prefix && value < `${condition.$prefix}\uffff`;
  }
  const value = valueAt(doc, field);
  const ops: [string, (c: number) => boolean][] = [
    ['$gt', (c) => c > 0],
    ['$gte', (c) => c >= 0],
    ['$lt', (c) => c < 0],
    ['$lte', (c) => c <= 0],
  ];
  let any = false;
  for (const [key, ok] of ops) {
    const bound = (condition as Record<string, Scalar | undefined>)[key];
    if (bound === undefined) continue;
    any = true;
    if (value === null || bound === null || !comparable(value) || !ok(compare(value, scalar(bound)))) return false;
  }
  if (!any) throw new InvalidQuery(`Unsupported condition on ${field}`);
  return true;
}

/** Every condition of `where`, and one of `anyOf` when given (an empty list matches nothing). */
export function matches(doc: object, where: Where = {}, anyOf?: readonly Where[]): boolean {
  for (const [field, condition] of Object.entries(where)) if (!holds(doc, field, condition)) return false;
  return anyOf === undefined || anyOf.some((alternative) => matches(doc, alternative));
}
