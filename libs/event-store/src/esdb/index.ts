export * from './esdb-event-store.js';
