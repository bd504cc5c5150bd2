import { emailMatchKey, parsePhone } from '@pi/domain';
import { decodeCursor, encodeCursor, type Page, type ProjectionEngine, type Where } from '@pi/read-store';
import { contactsProjection, type ContactDoc, type ContactStatus } from './contacts.projection.js';
import { foldText, nameWords } from './search-keys.js';
import { getPracticeProfile } from '../practice-profile/practice-profile.query.js';

const CANDIDATES = 500;

export async function getContact(
  readModels: ProjectionEngine,
  practiceId: string,
  contactId: string,
): Promise<ContactDoc | null> {
  const doc = await readModels.get<ContactDoc>(contactsProjection.name, contactId);
  return doc && doc.practiceId === practiceId ? doc : null;
}

export function listContacts(
  readModels: ProjectionEngine,
  practiceId: string,
  filter: { status?: ContactStatus; tag?: string; limit: number; cursor?: string | null },
): Promise<Page<ContactDoc>> {
  const where: Record<string, Where[string]> = { practiceId };
  if (filter.status) where.status = filter.status;
  if (filter.tag) where.tagKeys = { $contains: foldText(filter.tag.trim()) };
  return readModels.find<ContactDoc>(contactsProjection.name, {
    where,
    sort: { field: 'nameKey', direction: 'asc' },
    limit: filter.limit,
    cursor: filter.cursor ?? null,
  });
}

/**
 * Search before inviting. Digits only: a phone in any format ("(415) 555-0100",
 * "+14155550100", "4155550100", or the start of one). Otherwise: every word
 * must start a word of the name, case and accents ignored.
 */
export async function searchContacts(
  readModels: ProjectionEngine,
  practiceId: string,
  q: string,
  defaultCountry: string,
  page: { limit: number; cursor?: string | null; status?: ContactStatus },
): Promise<Page<ContactDoc>> {
  return pageOf(await matches(readModels, practiceId, q, defaultCountry, page.status), page.limit, page.cursor);
}

/**
 * A page of the matches in their order (name, then id), after the cursor: a
 * search pages like the list does, and a page is full whenever there is more
 * (filters apply before the page is cut, never after).
 */
function pageOf(sorted: readonly ContactDoc[], limit: number, cursor?: string | null): Page<ContactDoc> {
  let start = 0;
  if (cursor) {
    const after = decodeCursor(cursor);
    start = sorted.findIndex(
      (doc) => doc.nameKey > String(after.value) || (doc.nameKey === after.value && doc.id > after.id),
    );
    if (start === -1) start = sorted.length;
  }
  const items = sorted.slice(start, start + limit);
  const last = items.at(-1);
  const more = start + limit < sorted.length;
  return { items, nextCursor: more && last ? encodeCursor({ value: last.nameKey, id: last.id }) : null };
}

/** Every match of the query (up to the candidates a probe reads), sorted by name, then id. */
async function matches(
  readModels: ProjectionEngine,
  practiceId: string,
  q: string,
  defaultCountry: string,
  status?: ContactStatus,
): Promise<ContactDoc[]> {
  const digits = q.replace(/\D/g, '');
  const isPhone = !/\p{L}/u.test(q) && digits.length >= 3;
  let candidates: ContactDoc[];
  if (isPhone) {
    const phone = parsePhone(q, defaultCountry);
    const key = phone ? `${practiceId}|p:${phone.e164.slice(1)}` : `${practiceId}|p:${digits}`;
    candidates = (
      await readModels.find<ContactDoc>(contactsProjection.name, {
        where: { searchKeys: phone ? { $contains: key } : { $containsPrefix: key } },
        limit: CANDIDATES,
      })
    ).items;
  } else {
    const words = nameWords(q);
    if (words.length === 0) return [];
    const matchesAll = (doc: ContactDoc) =>
      words.every((word) => doc.searchKeys.some((key) => key.startsWith(`${practiceId}|n:${word}`)));
    candidates = [];
    if (words.length > 1) {
      // Words in the name's order (or surname first): one exact probe of the whole-name keys.
      const whole = await readModels.find<ContactDoc>(contactsProjection.name, {
        where: { searchKeys: { $containsPrefix: `${practiceId}|f:${words.join(' ')}` } },
        limit: CANDIDATES,
      });
      candidates = whole.items.filter(matchesAll);
    }
    if (candidates.length === 0) {
      // Otherwise probe the longest word and check the others on the documents.
      const probe = [...words].sort((a, b) => b.length - a.length)[0];
      const found = await readModels.find<ContactDoc>(contactsProjection.name, {
        where: { searchKeys: { $containsPrefix: `${practiceId}|n:${probe}` } },
        limit: CANDIDATES,
      });
      candidates = found.items.filter(matchesAll);
    }
  }
  // Code-unit order, as the cursor compares (and as the store sorts the list).
  return candidates
    .filter((doc) => doc.practiceId === practiceId && (!status || doc.status === status))
    .sort((a, b) => (a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** An existing contact with this phone (E.164) or email (match key), phone first. */
export async function findDuplicate(
  readModels: ProjectionEngine,
  practiceId: string,
  candidate: { phone: string | null; email: string | null },
): Promise<{ contactId: string; matchedOn: 'phone' | 'email' } | null> {
  if (candidate.phone) {
    const [hit] = (
      await readModels.find<ContactDoc>(contactsProjection.name, {
        where: { practiceId, phone: candidate.phone },
        limit: 1,
      })
    ).items;
    if (hit) return { contactId: hit.id, matchedOn: 'phone' };
  }
  if (candidate.email) {
    const [hit] = (
      await readModels.find<ContactDoc>(contactsProjection.name, {
        where: { practiceId, emailKey: emailMatchKey(candidate.email) },
        limit: 1,
      })
    ).items;
    if (hit) return { contactId: hit.id, matchedOn: 'email' };
  }
  return null;
}

/**
 * The address book as `GET /v1/contacts` answers it: a page by name, or, with
 * `q`, the best matches for a name, phone (read against the practice's country)
 * or email.
 */
export async function findContacts(
  readModels: ProjectionEngine,
  practiceId: string,
  filter: { q?: string; status?: ContactStatus; tag?: string; limit: number; cursor?: string | null },
): Promise<Page<ContactDoc>> {
  if (!filter.q) return listContacts(readModels, practiceId, filter);
  const country = (await getPracticeProfile(readModels, practiceId))?.defaultCountry ?? 'US';
  return searchContacts(readModels, practiceId, filter.q, country, filter);
}
