export * from './config/config.js';
export * from './create-app.js';
export * from './openapi.js';
export * from './auth/jwt.js';
export * from './auth/jwt-secret.js';
export * from './demo/demo-practice.js';
export * from './infrastructure/runtime.js';
