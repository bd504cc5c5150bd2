export * from './sqlite-database.js';
export * from './sqlite-event-store.js';
export * from './sqlite-subject-keys.js';
