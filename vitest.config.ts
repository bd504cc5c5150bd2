import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`${path}/src/index.ts`, import.meta.url));

// Tests run against the TypeScript sources of every workspace package. SWC compiles
// them so decorator metadata (design:paramtypes) is emitted exactly as tsc does:
// without it Nest injects undefined and class-validator skips validation silently.
export default defineConfig({
  plugins: [
    swc.vite({
      module: { type: 'es6' },
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      },
    }),
  ],
  resolve: {
    // Exact names: '@pi/notify/testing' must not be read as '@pi/notify' + '/testing'.
    alias: [
      ...(
        [
          'libs/domain',
          'libs/event-store',
          'libs/read-store',
          'libs/notify',
          'libs/application',
          'projections',
          'apps/api',
        ] as const
      ).map((dir) => ({
        find: new RegExp(`^@pi/${dir.split('/').pop()!}$`),
        replacement: src(dir),
      })),
      {
        find: /^@pi\/event-store\/postgres-testing$/,
        replacement: fileURLToPath(new URL('libs/event-store/src/postgres/postgres.fixture.ts', import.meta.url)),
      },
      {
        find: /^@pi\/event-store\/server-testing$/,
        replacement: fileURLToPath(new URL('libs/event-store/src/server.fixture.ts', import.meta.url)),
      },
      {
        find: /^@pi\/event-store\/subject-keys-contract$/,
        replacement: fileURLToPath(new URL('libs/event-store/src/contract/subject-keys.contract.ts', import.meta.url)),
      },
      // Each store adapter from its own subpath: @pi/event-store/sqlite, @pi/read-store/postgres, …
      {
        find: /^@pi\/(event-store|read-store)\/(memory|sqlite|postgres|esdb|mongodb)$/,
        replacement: `${fileURLToPath(new URL('libs', import.meta.url))}/$1/src/$2/index.ts`,
      },
      // Test-only helpers of a package (they use dev dependencies, so no package exports them).
      {
        find: /^@pi\/notify\/testing$/,
        replacement: fileURLToPath(new URL('libs/notify/src/testing/smtp-server.fixture.ts', import.meta.url)),
      },
      {
        find: /^@pi\/api\/testing$/,
        replacement: fileURLToPath(new URL('apps/api/src/testing/test-app.fixture.ts', import.meta.url)),
      },
    ],
  },
  test: {
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      // Every suite; the store contract suites and the scale-out tests also run on PostgreSQL when DATABASE_URL is set.
      { extends: true, test: { name: 'all', include: ['{libs,apps,projections,scripts}/**/*.{spec,test}.ts'] } },
      ...postgresApiProject(),
    ],
  },
});

/**
 * The API's HTTP suites again, each app on a fresh schema of DATABASE_URL
 * (`.ci/run` starts a throw-away cluster). Without DATABASE_URL this project
 * is left out, and the run says so.
 */
function postgresApiProject() {
  if (!process.env.DATABASE_URL) {
    process.stderr.write(
      'The API on PostgreSQL is not tested in this run: DATABASE_URL is not set (export DATABASE_URL=$(bash .ci/postgres)).\n',
    );
    return [];
  }
  return [
    {
      extends: true as const,
      test: {
        name: 'api-on-postgres',
        include: ['apps/api/src/**/*.test.ts'],
        // These start the API on the embedded profile by design (the README's start command, its logs).
        exclude: ['**/main.test.ts', '**/logging.test.ts', '**/decorator-metadata.test.ts', '**/scale-out/**'],
        env: { TEST_PROFILE: 'postgres' },
      },
    },
  ];
}
