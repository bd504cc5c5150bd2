export * from './sqlite-database.js';
export * from './sqlite-event-store.js';
