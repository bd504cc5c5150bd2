/**
 * Which values of a read model's documents are personal data, and whose: where a store cannot promise that a
 * deleted value is gone from its files (PostgreSQL keeps dead tuples and WAL, MongoDB its journal), the sealed
 * document store (sealed-document-store.ts) keeps these values sealed under their subjects' data keys, as the
 * log does, so destroying a key erases every copy at once, wherever the bytes still lie.
 */
export interface SealedGroup<D> {
  /** The subject whose data key seals these values (`contact:<id>`…); null when the document holds none of theirs. */
  subject(doc: D): string | null;
  /** Dotted paths of the values (absent and null ones stay as they are). */
  paths: readonly string[];
}

/**
 * How a sealed value is still found: a keyed blind index (HMAC) at its path, never the value.
 * `exact`: equality and membership. `prefix`: also `$containsPrefix`, for values written `<scope>:<text>` (every
 * prefix of the text is indexed, up to PREFIX_INDEXED characters; a longer probe is checked on the opened value).
 */
export type BlindIndexKind = 'exact' | 'prefix';

export interface SealedFields<D> {
  groups: readonly SealedGroup<D>[];
  /** Sealed paths that queries match on, by how. A query on any other sealed path is refused. */
  blind?: Readonly<Record<string, BlindIndexKind>>;
  /** Sealed paths a query may sort by: the sealed store sorts the matching documents itself, opened. */
  sortable?: readonly string[];
}
