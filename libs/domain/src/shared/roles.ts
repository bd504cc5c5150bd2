/** `support` reviews patients' phone-change requests (with admins). */
export const ROLES = ['admin', 'staff', 'auditor', 'support'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
