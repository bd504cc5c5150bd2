import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ruleFor, routeKey } from './access-policy.js';

function join(...parts: string[]): string {
  const path = parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/');
  return `/${path}`;
}

/** Every route the controllers declare, as `METHOD /path/:param`. */
export function declaredRoutes(discovery: DiscoveryService, scanner: MetadataScanner): string[] {
  const routes: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const base = ([] as string[]).concat(
      (Reflect.getMetadata(PATH_METADATA, wrapper.metatype) as string | string[] | undefined) ?? '',
    );
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (paths === undefined || method === undefined) continue;
      for (const prefix of base)
        for (const path of ([] as string[]).concat(paths))
          routes.push(routeKey(RequestMethod[method], join(prefix, path)));
    }
  }
  return routes;
}

/** The app refuses to start while a route has no row in the access policy. */
export function assertEveryRouteHasARule(routes: readonly string[]): void {
  const missing = routes.filter((route) => {
    const [method, path] = route.split(' ') as [string, string];
    return ruleFor(method, path) === undefined;
  });
  if (missing.length)
    throw new Error(
      `These routes have no row in the access policy (apps/api/src/auth/access-policy.ts): ${missing.join(', ')}`,
    );
}
