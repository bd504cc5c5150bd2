import { InvalidQuery } from '../document-store.errors.js';
import type { FieldCondition, Scalar, Where } from '../document-store.port.js';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * The value at a dot path as JSONB, JSON null read as SQL NULL (as SQLite's
 * json_extract does): the same expression the indexes are built on.
 */
export function valueExpression(field: string): string {
  if (!FIELD.test(field)) throw new InvalidQuery(`Not a field name: ${field}`);
  return `NULLIF(doc #> '{${field.split('.').join(',')}}', 'null'::jsonb)`;
}

/** The number at a path, null for any other type. */
export function numberExpression(field: string): string {
  const v = valueExpression(field);
  return `(CASE WHEN jsonb_typeof(${v}) = 'number' THEN (${v})::numeric WHEN jsonb_typeof(${v}) = 'boolean' THEN (CASE WHEN ${v} = 'true'::jsonb THEN 1 ELSE 0 END) END)`;
}

/** The text at a path in byte order (as SQLite and the in-memory store compare it), null for any other type. */
export function textExpression(field: string): string {
  const v = valueExpression(field);
  return `(CASE WHEN jsonb_typeof(${v}) = 'string' THEN (${v} #>> '{}') END) COLLATE "C"`;
}

/** Booleans compare as 1/0 with numbers (SQLite's rule, which the contract holds every store to). */
function asJson(value: Scalar | readonly Scalar[]): string {
  return JSON.stringify(value);
}

export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** All of `where`, and one of `anyOf` when given (none given: no such condition; an empty list: nothing matches). */
export function compileFilter(where: Where = {}, anyOf: readonly Where[] | undefined, params: Params): string {
  const all = compileWhere(where, params);
  if (anyOf === undefined) return all;
  if (anyOf.length === 0) return 'false';
  return `${all} AND (${anyOf.map((alternative) => `(${compileWhere(alternative, params)})`).join(' OR ')})`;
}

function compileWhere(where: Where, params: Params): string {
  const clauses = Object.entries(where).map(([field, condition]) => compileCondition(field, condition, params));
  return clauses.length ? clauses.join(' AND ') : 'true';
}

/** The elements of an array field as JSONB (a scalar stands for itself). */
function elements(field: string): string {
  const v = valueExpression(field);
  return `(CASE jsonb_typeof(${v}) WHEN 'array' THEN ${v} WHEN 'object' THEN '[]'::jsonb ELSE jsonb_build_array(${v}) END)`;
}

function compileCondition(field: string, condition: FieldCondition, params: Params): string {
  const v = valueExpression(field);
  if (condition === null) return `${v} IS NULL`;
  if (typeof condition !== 'object') return `${v} = ${params.add(asJson(condition))}::jsonb`;
  if ('$in' in condition) {
    if (condition.$in.length === 0) return 'false';
    return `${v} = ANY(${params.add(condition.$in.map(asJson))}::jsonb[])`;
  }
  if ('$ne' in condition)
    return condition.$ne === null
      ? `${v} IS NOT NULL`
      : `(${v} IS NULL OR ${v} <> ${params.add(asJson(condition.$ne))}::jsonb)`;
  // Containment (@>) on the array: what a GIN index on the field answers.
  if ('$contains' in condition)
    return `COALESCE(${elements(field)} @> ${params.add(asJson([condition.$contains]))}::jsonb, false)`;
  if ('$containsAll' in condition)
    return `COALESCE(${elements(field)} @> ${params.add(JSON.stringify(condition.$containsAll))}::jsonb, true)`;
  if ('$notContains' in condition)
    return `NOT COALESCE(${elements(field)} @> ${params.add(asJson([condition.$notContains]))}::jsonb, false)`;
  if ('$containsPrefix' in condition) {
    const [from, to] = [params.add(condition.$containsPrefix), params.add(`${condition.$containsPrefix}\uffff`)];
    return `EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(${elements(field)}, '[]'::jsonb)) e
      WHERE jsonb_typeof(e) = 'string' AND (e #>> '{}') COLLATE "C" >= ${from} AND (e #>> '{}') COLLATE "C" < ${to})`;
  }
  if ('$prefix' in condition) {
    const text = textExpression(field);
    return `${text} >= ${params.add(condition.$prefix)} AND ${text} < ${params.add(`${condition.$prefix}\uffff`)}`;
  }
  const ops: [string, '>' | '>=' | '<' | '<='][] = [
    ['$gt', '>'],
    ['$gte', '>='],
    ['$lt', '<'],
    ['$lte', '<='],
  ];
  const clauses: string[] = [];
  for (const [key, op] of ops) {
    const bound = (condition as Record<string, Scalar | undefined>)[key];
    if (bound === undefined) continue;
    clauses.push(compareWith(field, op, bound, params));
  }
  if (!clauses.length) throw new InvalidQuery(`Unsupported condition on ${field}`);
  return clauses.join(' AND ');
}

/** SQLite's order across types: numbers (and booleans as 1/0) before text; null compares with nothing. */
function compareWith(field: string, op: '>' | '>=' | '<' | '<=', bound: Scalar, params: Params): string {
  if (bound === null) return 'false';
  const [num, text] = [numberExpression(field), textExpression(field)];
  const upward = op === '>' || op === '>=';
  if (typeof bound === 'string') {
    const within = `${text} ${op} ${params.add(bound)}`;
    return upward ? `(${within})` : `(${num} IS NOT NULL OR ${within})`;
  }
  const within = `${num} ${op} ${params.add(typeof bound === 'boolean' ? (bound ? 1 : 0) : bound)}`;
  return upward ? `(${text} IS NOT NULL OR ${within})` : `(${within})`;
}
