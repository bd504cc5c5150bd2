// The port and what every adapter shares. Each adapter is imported from its own subpath:
// @pi/event-store/memory, /sqlite, /postgres, /esdb.
export * from './event-store.port.js';
export * from './event-store.errors.js';
export * from './upcasters.js';
export * from './event-id.js';
export * from './commit-signal.js';
export * from './freshness.js';
export * from './leadership.js';
export * from './storage-unavailable.js';
export * from './protection/index.js';
