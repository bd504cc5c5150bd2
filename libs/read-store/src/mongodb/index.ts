export * from './mongo-document-store.js';
export * from './mongo-leadership.js';
export * from './mongo-subject-keys.js';
