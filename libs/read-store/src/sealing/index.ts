export * from './sealed-fields.js';
export * from './blind-index.js';
export * from './sealed-document.js';
export * from './sealed-document-store.js';
