import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { declaredRoutes } from '../auth/access-policy-check.js';

/**
 * Which methods the routes answer on a concrete path (`/v1/contacts/abc` matches
 * `/v1/contacts/:contactId`): what a 405's Allow header lists. Every GET answers
 * HEAD too.
 */
export class AllowedMethods {
  private readonly routes: { pattern: RegExp; method: string }[];

  constructor(routeKeys: readonly string[]) {
    this.routes = routeKeys.map((key) => {
      const [method, path] = key.split(' ') as [string, string];
      const pattern = path
        .split('/')
        .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      return { pattern: new RegExp(`^${pattern}/?$`), method };
    });
  }

  forPath(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes)
      if (route.pattern.test(path)) {
        methods.add(route.method);
        if (route.method === 'GET') methods.add('HEAD');
      }
    return [...methods].sort();
  }
}

/** The app's routes as declared by its controllers, read once (on first use) and shared by whoever asks. */
@Injectable()
export class RouteMethods {
  private table: AllowedMethods | null = null;

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
  ) {}

  forPath(path: string): string[] {
    this.table ??= new AllowedMethods(declaredRoutes(this.discovery, this.scanner));
    return this.table.forPath(path);
  }
}
