import type { Role } from '@pi/domain';

/**
 * What an operator's requests carry as their practice: no practice has this
 * id, so anything read "of the caller's practice" for an operator is found
 * nowhere (fail closed); operator routes say whose data they act on.
 */
export const NO_PRACTICE = 'platform';

/** The caller, from a verified token, checked against who they are now. */
export interface AuthContext {
  staffId: string;
  practiceId: string;
  /** The roles the caller holds now (empty for an operator). */
  roles: Role[];
  /** An operator of the platform, not a practice's staff member. */
  operator?: boolean;
}
