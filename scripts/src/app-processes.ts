import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root: this file runs from scripts/dist (or scripts/src under a test runner). */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Where an app starts (its built `dist/main.js`): the scripts run the apps as processes, as an operator does,
 * by file, and never import or resolve their packages (an app is not a library; the layering check forbids it).
 */
export const appMain = (app: 'api' | 'projector'): string => {
  const main = join(ROOT, 'apps', app, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run build).`);
  return main;
};
