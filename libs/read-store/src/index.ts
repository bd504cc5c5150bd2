// The port, the projection engine and processors. Each adapter is imported from its own subpath:
// @pi/read-store/memory, /sqlite, /postgres, /mongodb.
export * from './document-store.port.js';
export * from './document-store.errors.js';
export * from './cursor.js';
export * from './projection/projection.js';
export * from './projection/projection-status.js';
export * from './projection/apply-batch.js';
export * from './projection/document-cache.js';
export * from './projection/projection-runner.js';
export * from './projection/projection-engine.js';
export * from './projection/read-barrier.js';
export * from './projection/rebuild.js';
export * from './projection/status-reports.js';
export * from './failure.js';
export * from './sleep.js';
export * from './projection/projection-spec.js';
export * from './processor/log-processor.js';
export * from './sealing/index.js';
