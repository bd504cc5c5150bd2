export * from './postgres-connection.js';
export * from './postgres-migrations.js';
export * from './postgres-event-store.js';
export * from './postgres-leadership.js';
export * from './postgres-subject-keys.js';
