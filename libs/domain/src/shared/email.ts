/**
 * Emails are stored as entered. Two emails are the same address when they
 * match after trimming and lower-casing the domain; dots and plus tags in the
 * local part are kept (they may be different mailboxes).
 */
export function emailMatchKey(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  return at === -1 ? trimmed : `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
}
