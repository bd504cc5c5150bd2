import { createHmac } from 'node:crypto';
import { openBox, sealBox, valueAtPath, type DataKeyRing, type Position, type SubjectKey } from '@pi/event-store';
import { InvalidQuery } from '../document-store.errors.js';
import type {
  CheckpointWrite,
  DocWrite,
  FindQuery,
  GenerationInfo,
  IndexSpec,
  Page,
  ReadModelStore,
  Scalar,
  Where,
} from '../document-store.port.js';
import { compare } from '../memory/in-memory-where.js';
import type { AnyProjection } from '../projection/projection.js';
import { BlindIndex, type PrefixCheck } from './blind-index.js';
import { envelopesOf, openDocument, sealDocument, subjectsToSeal } from './sealed-document.js';
import type { SealedFields } from './sealed-fields.js';
import { within } from './within-paths.js';

/** Which collections were made by this store (their documents sealed): one row per collection. */
export const SEALED_COLLECTIONS = 'sealed-collections';

/** Documents read per round when the store sorts by a sealed value itself. */
const SORT_ROUND = 1_000;

export interface SealedDocumentStoreOptions {
  /** The read models, each with the personal values its documents hold (`sealed`). */
  projections: readonly AnyProjection[];
  /** The subjects' data keys: the same ring as the log's. */
  keys: Pick<DataKeyRing, 'forCopying' | 'forOpening'>;
  /** The root the index and cursor keys are derived from (the data-keys root). */
  root: string;
  /** What an erased value reads as. */
  erasedValue: string;
}

interface Sealing {
  readModel: string;
  fields: SealedFields<object>;
  paths: readonly string[];
}

/**
 * Any read-model store, with the personal values of documents sealed under their subjects' data keys on the way
 * in and opened on the way out, as the log's are: an erasure destroys the key, and every copy of those values —
 * the live row, a dead tuple, a WAL segment, a backup — is unreadable at once. Values queries match on are kept
 * as keyed blind indexes; a sort on a sealed value is done here, over the opened documents.
 *
 * Only collections this store made are sealed (a row in SEALED_COLLECTIONS, written when it creates one): a
 * read model built before keeps answering as it was until the rebuild that replaces it is live.
 */
export class SealedDocumentStore implements ReadModelStore {
  private readonly sealing = new Map<string, Sealing>();
  private readonly sealed = new Map<string, Promise<boolean>>();
  private readonly index: BlindIndex;
  private readonly cursorKey: Buffer;
  private markers: Promise<void> | null = null;
  readonly forgetFreed?: () => Promise<void>;

  constructor(
    private readonly inner: ReadModelStore,
    private readonly options: SealedDocumentStoreOptions,
  ) {
    for (const projection of options.projections) {
      const fields = projection.sealed as SealedFields<object> | undefined;
      if (!fields) continue;
      this.sealing.set(projection.name, {
        readModel: projection.name,
        fields,
        paths: fields.groups.flatMap((group) => group.paths),
      });
    }
    this.index = new BlindIndex(createHmac('sha256', options.root).update('read-model-index').digest());
    this.cursorKey = createHmac('sha256', options.root).update('read-model-cursor').digest();
    if (inner.forgetFreed) this.forgetFreed = () => inner.forgetFreed!();
  }

  /** The read model a collection is a generation of, when its documents hold personal values. */
  private sealingOf(collection: string): Sealing | null {
    const match = /^(.+)__g\d+$/.exec(collection);
    return match ? (this.sealing.get(match[1]) ?? null) : null;
  }

  private ensureMarkers(): Promise<void> {
    return (this.markers ??= this.inner.ensureCollection(SEALED_COLLECTIONS, []));
  }

  /** The read model's sealing, when this collection's documents are sealed. */
  private async sealedOf(collection: string): Promise<Sealing | null> {
    const sealing = this.sealingOf(collection);
    if (!sealing) return null;
    let known = this.sealed.get(collection);
    if (!known) {
      known = this.ensureMarkers().then(async () => (await this.inner.get(SEALED_COLLECTIONS, collection)) !== null);
      this.sealed.set(collection, known);
      // Only "sealed" is kept: another process may be making this collection now, and mark it a moment later.
      known.then((yes) => yes || this.sealed.delete(collection)).catch(() => this.sealed.delete(collection));
    }
    return (await known) ? sealing : null;
  }

  async ensureCollection(name: string, indexes: readonly IndexSpec[]): Promise<void> {
    await this.inner.ensureCollection(name, indexes);
    if (!this.sealingOf(name) || (await this.sealedOf(name))) return;
    // A collection made now (empty) is sealed from its first document; one with documents was made before.
    if ((await this.inner.count(name)) > 0) return;
    await this.inner.commit([{ collection: SEALED_COLLECTIONS, id: name, doc: { id: name } }]);
    this.sealed.set(name, Promise.resolve(true));
  }

  async dropCollection(name: string): Promise<void> {
    await this.inner.dropCollection(name);
    if (!this.sealingOf(name)) return;
    await this.ensureMarkers();
    await this.inner.commit([{ collection: SEALED_COLLECTIONS, id: name, doc: null }]);
    this.sealed.delete(name);
  }

  async get<T extends object>(collection: string, id: string): Promise<T | null> {
    const doc = await this.inner.get<T>(collection, id);
    const sealing = doc && (await this.sealedOf(collection));
    return sealing ? (await this.opened<T>(sealing, [doc]))[0] : doc;
  }

  async getMany<T extends object>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    const docs = await this.inner.getMany<T>(collection, ids);
    const sealing = docs.size > 0 ? await this.sealedOf(collection) : null;
    if (!sealing) return docs;
    const opened = await this.opened<T>(sealing, [...docs.values()]);
    return new Map(opened.map((doc) => [String((doc as { id: unknown }).id), doc]));
  }

  async find<T extends object>(collection: string, query: FindQuery): Promise<Page<T>> {
    const sealing = await this.sealedOf(collection);
    if (!sealing) return this.inner.find<T>(collection, query);
    const checks: PrefixCheck[] = [];
    const asked = { ...query, ...this.conditions(sealing, query.where, query.anyOf, checks) };
    if (query.sort && within(query.sort.field, sealing.paths))
      return this.sortedHere<T>(collection, sealing, asked, checks);
    const page = await this.inner.find<T>(collection, asked);
    return { items: keep(await this.opened<T>(sealing, page.items), checks), nextCursor: page.nextCursor };
  }

  /** Counts by the blind indexes (a prefix probe longer than is indexed counts every document of its indexed part). */
  async count(
    collection: string,
    where?: Where,
    anyOf?: readonly Where[],
    options?: { hint?: string },
  ): Promise<number> {
    const sealing = await this.sealedOf(collection);
    if (!sealing) return this.inner.count(collection, where, anyOf, options);
    const asked = this.conditions(sealing, where, anyOf, []);
    return this.inner.count(collection, asked.where, asked.anyOf, options);
  }

  async commit(writes: readonly DocWrite[], checkpoint?: CheckpointWrite): Promise<void> {
    const sealings = new Map<DocWrite, Sealing>();
    const subjects = new Set<string>();
    for (const write of writes) {
      if (write.doc === null) continue;
      const sealing = await this.sealedOf(write.collection);
      if (!sealing) continue;
      sealings.set(write, sealing);
      for (const subject of subjectsToSeal(write.doc, sealing.fields)) subjects.add(subject);
    }
    if (sealings.size === 0) return this.inner.commit(writes, checkpoint);
    const keys = subjects.size > 0 ? await this.options.keys.forCopying(subjects) : new Map<string, SubjectKey>();
    const stored = writes.map((write) => {
      const sealing = sealings.get(write);
      if (!sealing || write.doc === null) return write;
      const doc = sealDocument(
        write.doc,
        sealing.readModel,
        sealing.fields,
        keys,
        this.index,
        this.options.erasedValue,
      );
      return { ...write, doc };
    });
    return this.inner.commit(stored, checkpoint);
  }

  readCheckpoint(key: string): Promise<Position | null> {
    return this.inner.readCheckpoint(key);
  }

  generations(projection: string): Promise<GenerationInfo> {
    return this.inner.generations(projection);
  }

  allocateGeneration(projection: string): Promise<number> {
    return this.inner.allocateGeneration(projection);
  }

  activateGeneration(
    projection: string,
    generation: number,
    version: number,
    expected: number | null,
  ): Promise<boolean> {
    return this.inner.activateGeneration(projection, generation, version, expected);
  }

  private conditions(
    sealing: Sealing,
    where: Where | undefined,
    anyOf: readonly Where[] | undefined,
    checks: PrefixCheck[],
  ): { where?: Where; anyOf?: readonly Where[] } {
    const blind = sealing.fields.blind ?? {};
    const isSealed = (path: string) => within(path, sealing.paths);
    return {
      ...(where ? { where: this.index.where(where, blind, isSealed, checks) } : {}),
      ...(anyOf ? { anyOf: anyOf.map((one) => this.index.where(one, blind, isSealed, checks)!) } : {}),
    };
  }

  private async opened<T extends object>(sealing: Sealing, docs: readonly T[]): Promise<T[]> {
    const subjects = new Set<string>();
    for (const doc of docs) for (const envelope of envelopesOf(doc)) subjects.add(envelope.s);
    if (subjects.size === 0) return [...docs];
    const keys = await this.options.keys.forOpening(subjects);
    return docs.map((doc) => openDocument<T>(doc, sealing.readModel, keys, this.options.erasedValue));
  }

  /**
   * A page in the order of a sealed value: every matching document is read and opened, sorted here (the value,
   * then the id, as the stores sort), and the cursor names the last one sealed under the cursor key (a cursor
   * travels in URLs, which are logged; the value in it is personal).
   */
  private async sortedHere<T extends object>(
    collection: string,
    sealing: Sealing,
    query: FindQuery,
    checks: PrefixCheck[],
  ): Promise<Page<T>> {
    const { field, direction } = query.sort!;
    if (!(sealing.fields.sortable ?? []).includes(field))
      throw new InvalidQuery(`${field} is sealed and not declared sortable: it cannot order a query.`);
    const all: T[] = [];
    let cursor: string | null = null;
    do {
      const round: Page<T> = await this.inner.find<T>(collection, {
        ...(query.where ? { where: query.where } : {}),
        ...(query.anyOf ? { anyOf: query.anyOf } : {}),
        limit: SORT_ROUND,
        cursor,
      });
      all.push(...keep(await this.opened<T>(sealing, round.items), checks));
      cursor = round.nextCursor;
    } while (cursor);
    const sign = direction === 'asc' ? 1 : -1;
    const position = (doc: T): [unknown, string] => [
      valueAtPath(doc, field) ?? null,
      String((doc as { id: unknown }).id),
    ];
    const order = (a: [unknown, string], b: [unknown, string]) => sign * (compare(a[0], b[0]) || compare(a[1], b[1]));
    all.sort((a, b) => order(position(a), position(b)));
    const after = query.cursor ? this.decodeCursor(query.cursor) : null;
    const rest = after ? all.filter((doc) => order(position(doc), after) > 0) : all;
    const items = rest.slice(0, query.limit);
    const last = items.at(-1);
    return { items, nextCursor: rest.length > query.limit && last ? this.encodeCursor(position(last)) : null };
  }

  private encodeCursor(position: [unknown, string]): string {
    return `s${sealBox(this.cursorKey, Buffer.from(JSON.stringify(position)), 'cursor').toString('base64url')}`;
  }

  private decodeCursor(cursor: string): [Scalar, string] {
    try {
      if (!cursor.startsWith('s')) throw new Error('not sealed');
      const parsed: unknown = JSON.parse(
        openBox(this.cursorKey, Buffer.from(cursor.slice(1), 'base64url'), 'cursor').toString('utf8'),
      );
      if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string')
        return [parsed[0] as Scalar, parsed[1]];
    } catch {
      // fall through
    }
    throw new InvalidQuery('The cursor is not one this API handed out; start again without it.');
  }
}

/** The documents that pass the prefix probes the indexes could not check whole. */
function keep<T extends object>(docs: T[], checks: readonly PrefixCheck[]): T[] {
  if (checks.length === 0) return docs;
  return docs.filter((doc) =>
    checks.every(({ path, prefix }) => {
      const value = valueAtPath(doc, path);
      return Array.isArray(value) && value.some((element) => typeof element === 'string' && element.startsWith(prefix));
    }),
  );
}
