import { InvalidQuery } from '../document-store.errors.js';
import type { FieldCondition, Scalar, Where } from '../document-store.port.js';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** `json_extract(doc, '$.a.b')`: the same expression the indexes are built on, so they are used. */
export function fieldExpression(field: string): string {
  if (!FIELD.test(field)) throw new InvalidQuery(`Not a field name: ${field}`);
  return `json_extract(doc, '$.${field}')`;
}

/** SQLite's json_extract turns JSON booleans into 1/0. */
export function sqlValue(value: Scalar): string | number | null {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

export interface CompiledWhere {
  sql: string;
  params: (string | number | null)[];
}

/** All of `where`, and one of `anyOf` when given (none given: no such condition; an empty list: nothing matches). */
export function compileFilter(
  where: Where = {},
  anyOf: readonly Where[] | undefined,
  multikey: ReadonlyMap<string, string> = new Map(),
): CompiledWhere {
  const all = compileWhere(where, multikey);
  if (anyOf === undefined) return all;
  if (anyOf.length === 0) return { sql: '0 = 1', params: [] };
  const alternatives = anyOf.map((alternative) => compileWhere(alternative, multikey));
  return {
    sql: `${all.sql} AND (${alternatives.map((a) => `(${a.sql})`).join(' OR ')})`,
    params: [...all.params, ...alternatives.flatMap((a) => a.params)],
  };
}

/** `multikey`: field → side table holding each element of that array field (an index on it). */
export function compileWhere(where: Where = {}, multikey: ReadonlyMap<string, string> = new Map()): CompiledWhere {
  const clauses: string[] = [];
  const params: (string | number | null)[] = [];
  for (const [field, condition] of Object.entries(where)) {
    const expr = fieldExpression(field);
    const side = multikey.get(field);
    if (
      side &&
      condition !== null &&
      typeof condition === 'object' &&
      ('$contains' in condition ||
        '$containsPrefix' in condition ||
        '$containsAll' in condition ||
        '$notContains' in condition)
    ) {
      if ('$containsAll' in condition) {
        if (condition.$containsAll.length === 0) continue;
        for (const value of condition.$containsAll) {
          clauses.push(`id IN (SELECT id FROM ${side} WHERE value = ?)`);
          params.push(sqlValue(value));
        }
      } else if ('$notContains' in condition) {
        clauses.push(`id NOT IN (SELECT id FROM ${side} WHERE value = ?)`);
        params.push(sqlValue(condition.$notContains));
      } else if ('$contains' in condition) {
        clauses.push(`id IN (SELECT id FROM ${side} WHERE value = ?)`);
        params.push(sqlValue(condition.$contains));
      } else {
        clauses.push(`id IN (SELECT id FROM ${side} WHERE value >= ? AND value < ?)`);
        params.push(condition.$containsPrefix, `${condition.$containsPrefix}\uffff`);
      }
      continue;
    }
    compileCondition(expr, field, condition, clauses, params);
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1 = 1', params };
}

function compileCondition(
  expr: string,
  field: string,
  condition: FieldCondition,
  clauses: string[],
  params: (string | number | null)[],
): void {
  if (condition === null) {
    clauses.push(`${expr} IS NULL`);
    return;
  }
  if (typeof condition !== 'object') {
    clauses.push(`${expr} = ?`);
    params.push(sqlValue(condition));
    return;
  }
  if ('$in' in condition) {
    if (condition.$in.length === 0) {
      clauses.push('0 = 1');
      return;
    }
    clauses.push(`${expr} IN (${condition.$in.map(() => '?').join(', ')})`);
    params.push(...condition.$in.map(sqlValue));
    return;
  }
  if ('$ne' in condition) {
    clauses.push(condition.$ne === null ? `${expr} IS NOT NULL` : `(${expr} IS NULL OR ${expr} != ?)`);
    if (condition.$ne !== null) params.push(sqlValue(condition.$ne));
    return;
  }
  if ('$contains' in condition) {
    clauses.push(`EXISTS (SELECT 1 FROM json_each(doc, '$.${field}') WHERE value = ?)`);
    params.push(sqlValue(condition.$contains));
    return;
  }
  if ('$containsAll' in condition) {
    for (const value of condition.$containsAll) {
      clauses.push(`EXISTS (SELECT 1 FROM json_each(doc, '$.${field}') WHERE value = ?)`);
      params.push(sqlValue(value));
    }
    return;
  }
  if ('$notContains' in condition) {
    clauses.push(`NOT EXISTS (SELECT 1 FROM json_each(doc, '$.${field}') WHERE value = ?)`);
    params.push(sqlValue(condition.$notContains));
    return;
  }
  if ('$containsPrefix' in condition) {
    clauses.push(`EXISTS (SELECT 1 FROM json_each(doc, '$.${field}') WHERE value >= ? AND value < ?)`);
    params.push(condition.$containsPrefix, `${condition.$containsPrefix}\uffff`);
    return;
  }
  if ('$prefix' in condition) {
    // A range, not LIKE: it uses the index and has no wildcard characters to escape.
    clauses.push(`${expr} >= ? AND ${expr} < ?`);
    params.push(condition.$prefix, `${condition.$prefix}\uffff`);
    return;
  }
  const ops: [keyof typeof condition, string][] = [
    ['$gt', '>'],
    ['$gte', '>='],
    ['$lt', '<'],
    ['$lte', '<='],
  ];
  let any = false;
  for (const [key, op] of ops) {
    const value = (condition as Record<string, Scalar | undefined>)[key];
    if (value === undefined) continue;
    clauses.push(`${expr} ${op} ?`);
    params.push(sqlValue(value));
    any = true;
  }
  if (!any) throw new InvalidQuery(`Unsupported condition on ${field}`);
}
