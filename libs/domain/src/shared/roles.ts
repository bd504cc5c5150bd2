/**
 * `support` reviews patients' phone-change requests (with admins). `analyst`
 * reads the invite funnels: counts and ids of links and staff, never a
 * patient's personal data.
 */
export const ROLES = ['admin', 'staff', 'auditor', 'support', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
