import type { Filter } from 'mongodb';
import { InvalidQuery } from '../document-store.errors.js';
import type { FieldCondition, Scalar, Where } from '../document-store.port.js';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export type StoredDoc = { _id: string } & Record<string, unknown>;

function field(name: string): string {
  if (!FIELD.test(name)) throw new InvalidQuery(`Not a field name: ${name}`);
  return name;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** All of `where`, and one of `anyOf` when given (an empty list matches nothing): the port's query as MongoDB's. */
export function toMongoFilter(where: Where = {}, anyOf?: readonly Where[]): Filter<StoredDoc> {
  const all = compileWhere(where);
  if (anyOf === undefined) return all;
  if (anyOf.length === 0) return { _id: { $in: [] } };
  return { $and: [all, { $or: anyOf.map(compileWhere) }] };
}

function compileWhere(where: Where): Filter<StoredDoc> {
  const clauses = Object.entries(where).map(([name, condition]) => compileCondition(field(name), condition));
  return clauses.length === 0 ? {} : clauses.length === 1 ? clauses[0] : { $and: clauses };
}

function compileCondition(name: string, condition: FieldCondition): Filter<StoredDoc> {
  if (condition === null || typeof condition !== 'object') return { [name]: condition };
  if ('$in' in condition) return { [name]: { $in: [...condition.$in] } };
  if ('$ne' in condition) return { [name]: { $ne: condition.$ne } };
  // On an array field MongoDB matches an element: what the port's array conditions mean.
  if ('$contains' in condition) return { [name]: condition.$contains };
  if ('$containsAll' in condition)
    return condition.$containsAll.length ? { [name]: { $all: [...condition.$containsAll] } } : {};
  if ('$notContains' in condition) return { [name]: { $ne: condition.$notContains } };
  if ('$containsPrefix' in condition) return { [name]: { $regex: `^${escapeRegex(condition.$containsPrefix)}` } };
  if ('$prefix' in condition) return { [name]: { $gte: condition.$prefix, $lt: `${condition.$prefix}\uffff` } };
  const range: Record<string, Scalar> = {};
  for (const op of ['$gt', '$gte', '$lt', '$lte'] as const) {
    const bound = (condition as Record<string, Scalar | undefined>)[op];
    if (bound !== undefined) range[op] = bound;
  }
  if (Object.keys(range).length === 0) throw new InvalidQuery(`Unsupported condition on ${name}`);
  return { [name]: range };
}
