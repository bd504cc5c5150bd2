/**
 * The layering, checked by `npm run -s lint:layers` (dependency-cruiser) in `.ci/run`.
 * Packages: domain ← event-store, read-store, notify ← projections ← application ← apps (api, projector), scripts.
 * Tests and fixtures may start the whole app; sources may not.
 */
const source = '\\.(spec|test|fixture|bench)\\.ts$|/testing/|/contract/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-package-imports-the-http-app',
      comment:
        'apps/api is the HTTP layer only: nothing but its own files and tests import it (an app is not a library)',
      severity: 'error',
      from: { path: '^(libs|projections|scripts|apps/projector)/', pathNot: source },
      to: { path: '^apps/api/' },
    },
    {
      name: 'application-not-to-apps',
      comment: 'the application package knows no app (HTTP, projector) and no script',
      severity: 'error',
      from: { path: '^libs/application/' },
      to: { path: '^(apps|scripts)/' },
    },
    {
      name: 'domain-is-pure',
      comment: 'the domain depends on no other package of this project',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: '^(libs/(event-store|read-store|notify|application)|projections|apps|scripts)/' },
    },
    {
      name: 'stores-below-the-application',
      comment: 'the stores, notify and the read models do not reach up to the application or the apps',
      severity: 'error',
      from: { path: '^(libs/(event-store|read-store|notify)|projections)/', pathNot: source },
      to: { path: '^(libs/application|apps|scripts)/' },
    },
    {
      name: 'no-cycles-in-packages',
      comment: 'no import cycles inside the libraries and the read models',
      severity: 'error',
      from: { path: '^(libs|projections)/', pathNot: source },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/|node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
