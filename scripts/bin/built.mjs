#!/usr/bin/env node
// Runs a compiled entry point, building first only when a source is newer than the build:
//   node scripts/bin/built.mjs scripts/dist/token.js [args…]
// The entry then runs in this process, with these arguments, as `node scripts/dist/token.js [args…]` would.
// `tsc -b` costs seconds even when nothing changed; a walk over the sources' modification times costs milliseconds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE_ROOTS = ['libs', 'apps', 'projections', 'scripts'];
const SKIP = new Set(['node_modules', 'dist', 'test-output']);

/** The newest modification time of the TypeScript sources and build settings (tests included: tsc -b builds them). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) walk(join(dir, entry.name));
      } else if (/\.(ts|json)$/.test(entry.name) && !/\.(d|test|spec)\.ts$/.test(entry.name)) {
        newest = Math.max(newest, statSync(join(dir, entry.name)).mtimeMs);
      }
    }
  };
  for (const dir of SOURCE_ROOTS) if (existsSync(join(root, dir))) walk(join(root, dir));
  for (const file of ['tsconfig.json', 'tsconfig.base.json', 'package-lock.json'])
    if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

/** When the last build this launcher ran (or saw succeed) started: written after a successful `tsc -b`. */
const STAMP = join(root, 'node_modules', '.cache', 'pi-built');
const lastBuild = () => (existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0);

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/bin/built.mjs <compiled entry .js> [args…]\n');
  process.exit(2);
}
const target = resolve(root, entry);
const tsc = join(root, 'node_modules/typescript/bin/tsc');
// An image holds the build and no TypeScript (nor, maybe, the sources): it runs what was built.
const stale = existsSync(tsc) && (!existsSync(target) || newestSource() >= lastBuild());
if (stale) {
  const started = new Date();
  const built = spawnSync(process.execPath, [tsc, '-b'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, '');
  utimesSync(STAMP, started, started);
}
// In this process, as if started as `node <target> args…`: no second process between the signals and the tool.
process.argv = [process.argv[0], target, ...args];
await import(pathToFileURL(target).href);
