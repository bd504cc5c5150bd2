import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`${path}/src/index.ts`, import.meta.url));

// Tests run against the TypeScript sources of every workspace package. SWC compiles
// them so decorator metadata (design:paramtypes) is emitted exactly as tsc does:
// without it Nest injects undefined and class-validator skips validation silently.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false } } })],
  resolve: {
    alias: {
      '@pi/domain': src('libs/domain'),
      '@pi/event-store': src('libs/event-store'),
      '@pi/read-store': src('libs/read-store'),
      '@pi/notify': src('libs/notify'),
      '@pi/projections': src('projections'),
      '@pi/api': src('apps/api'),
    },
  },
  test: {
    include: ['{libs,apps,projections,scripts}/**/*.{spec,test}.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
