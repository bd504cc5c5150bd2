import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataKeyRing } from '../protection/data-key-ring.js';
import { keyEncryptionKeysFrom } from '../protection/key-encryption-keys.js';
import { SubjectErased } from '../protection/protection.errors.js';
import { rewrapDataKeys } from '../protection/rewrap.js';
import { isDestroyed, type SubjectKeyStore, type WrappedDataKey } from '../protection/subject-keys.port.js';

export interface SubjectKeysHarness {
  store: SubjectKeyStore;
  dispose(): Promise<void>;
}

const subject = () => `contact:${randomUUID()}`;
const wrapped = (s: string, kekId = 'kek-a'): WrappedDataKey => ({
  subject: s,
  kekId,
  wrapped: randomBytes(60).toString('base64'),
});

/** What every key table (in-memory, SQLite, PostgreSQL, MongoDB) must do. */
export function subjectKeysContract(name: string, open: () => Promise<SubjectKeysHarness>): void {
  describe(`subject key table contract: ${name}`, () => {
    let harness: SubjectKeysHarness;
    let store: SubjectKeyStore;
    beforeEach(async () => {
      harness = await open();
      store = harness.store;
    });
    afterEach(() => harness.dispose());

    it('gives back what it stored, and nothing for a subject it never saw', async () => {
      const [a, b] = [subject(), subject()];
      const key = wrapped(a);
      await store.add([key]);
      const found = await store.get([a, b]);
      expect(found.get(a)).toEqual(key);
      expect(found.has(b)).toBe(false);
    });

    it('keeps the first key of a subject: a second add (another process) gets the stored one back', async () => {
      const a = subject();
      const first = wrapped(a);
      await store.add([first]);
      const answer = await store.add([wrapped(a)]);
      expect(answer.get(a)).toEqual(first);
    });

    it('destroys a key into a tombstone that an add cannot bring back, idempotently', async () => {
      const [a, never] = [subject(), subject()];
      await store.add([wrapped(a)]);
      await store.destroy([a, never], '2026-12-01T10:00:00.000Z');
      await store.destroy([a], '2026-12-02T10:00:00.000Z');
      await store.add([wrapped(a)]);
      const found = await store.get([a, never]);
      for (const s of [a, never]) {
        const row = found.get(s)!;
        expect(isDestroyed(row)).toBe(true);
        expect(JSON.stringify(row)).not.toContain('wrapped');
      }
      expect(Date.parse((found.get(a) as { destroyedAt: string }).destroyedAt)).toBe(
        Date.parse('2026-12-01T10:00:00.000Z'),
      );
    });

    it('re-wraps every live key under a new KEK; the data keys stay the same and destroyed ones stay destroyed', async () => {
      const old = new DataKeyRing(store, keyEncryptionKeysFrom(['old secret']));
      const subjects = Array.from({ length: 7 }, subject);
      const before = await old.forSealing(new Set(subjects));
      await store.destroy([subjects[0]], new Date().toISOString());
      const rotated = new DataKeyRing(store, keyEncryptionKeysFrom(['new secret', 'old secret']));
      expect(await rewrapDataKeys(store, rotated, 3)).toEqual({ rewrapped: 6, skipped: 0 });
      const newOnly = new DataKeyRing(store, keyEncryptionKeysFrom(['new secret']));
      const after = await newOnly.forOpening(new Set(subjects));
      expect(after.get(subjects[0])).toBe('destroyed');
      for (const s of subjects.slice(1)) expect((after.get(s) as Buffer).equals(before.get(s)!)).toBe(true);
      await expect(newOnly.forSealing(new Set([subjects[0]]))).rejects.toBeInstanceOf(SubjectErased);
      expect(await store.wrappedByOther(rotated.currentKekId, 10)).toEqual([]);
    });

    it('answers many subjects at once', async () => {
      const subjects = Array.from({ length: 1200 }, subject);
      await store.add(subjects.map((s) => wrapped(s)));
      expect((await store.get(subjects)).size).toBe(1200);
    });
  });
}
