export * from './create-app.js';
export * from './openapi.js';
