export * from './in-memory-document-store.js';
