import { emailMatchKey } from '@pi/domain';

/** Lower case, accents removed: "Zoë" and "zoe" are the same to a search. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
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
export function searchKeys(practiceId: string, contact: { name: string; phone: string | null; nationalPhone: string | null }): string[] {
  const keys = new Set(nameWords(contact.name).map((word) => `${practiceId}|n:${word}`));
  if (contact.phone) keys.add(`${practiceId}|p:${contact.phone.replace(/\D/g, '')}`);
  if (contact.nationalPhone) keys.add(`${practiceId}|p:${contact.nationalPhone}`);
  return [...keys];
}

export function emailKey(email: string | null): string | null {
  return email === null ? null : emailMatchKey(email);
}
