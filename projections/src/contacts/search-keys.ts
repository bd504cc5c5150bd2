import { emailMatchKey } from '@pi/domain';

/** Lower case, accents removed: "Zoë" and "zoe" are the same to a search. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

export function nameWords(name: string): string[] {
  return foldText(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * The keys a contact is found by, scoped to its practice so an index probe
 * never leaves the practice: every word of the name, and the phone's digits
 * both in international form (14155550100) and national form (4155550100).
 */
export function searchKeys(
  practiceId: string,
  contact: { name: string; phone: string | null; nationalPhone: string | null },
): string[] {
  const words = nameWords(contact.name);
  const keys = new Set(words.map((word) => `${practiceId}|n:${word}`));
  // The whole name, in its order and with the last word first ("smith john"), so "john sm" or "smith j" probe exactly.
  if (words.length > 1) {
    keys.add(`${practiceId}|f:${words.join(' ')}`);
    keys.add(`${practiceId}|f:${[words[words.length - 1], ...words.slice(0, -1)].join(' ')}`);
  }
  if (contact.phone) keys.add(`${practiceId}|p:${contact.phone.replace(/\D/g, '')}`);
  if (contact.nationalPhone) keys.add(`${practiceId}|p:${contact.nationalPhone}`);
  return [...keys];
}

export function emailKey(email: string | null): string | null {
  return email === null ? null : emailMatchKey(email);
}
