export * from './postgres-document-store.js';
