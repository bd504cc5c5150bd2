import type { Role } from '@pi/domain';

/** The caller, from a verified token. */
export interface AuthContext {
  staffId: string;
  practiceId: string;
  roles: Role[];
}
