import type { Projection } from '@pi/read-store';
import { practiceProfileProjection } from './practice-profile/practice-profile.projection.js';
import { staffDirectoryProjection } from './staff-directory/staff-directory.projection.js';
import { teamsProjection } from './teams/teams.projection.js';

/** Every read model the product keeps; the API and the projector run this list. */
export const allProjections: readonly Projection[] = [practiceProfileProjection, staffDirectoryProjection, teamsProjection] as readonly Projection[];
