import { fileURLToPath } from 'node:url';

/**
 * Where the apps start, as their packages export it (`@pi/api/main`, `@pi/projector/main`): the scripts run
 * the apps as processes, as an operator does, and never import them (the layering check forbids it).
 */
export const appMain = (app: 'api' | 'projector'): string => fileURLToPath(import.meta.resolve(`@pi/${app}/main`));
