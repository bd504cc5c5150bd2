export * from './shared/as-domain-event.js';
export * from './practice-profile/practice-profile.projection.js';
export * from './practice-profile/practice-profile.query.js';
export * from './staff-directory/staff-directory.projection.js';
export * from './staff-directory/staff-directory.query.js';
export * from './teams/teams.projection.js';
export * from './teams/teams.query.js';
export * from './all-projections.js';
