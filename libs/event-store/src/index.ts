export * from './event-store.port.js';
export * from './event-store.errors.js';
export * from './upcasters.js';
export * from './commit-signal.js';
export * from './sqlite/sqlite-database.js';
export * from './sqlite/sqlite-event-store.js';
export * from './storage-unavailable.js';
export * from './memory/in-memory-event-store.js';
