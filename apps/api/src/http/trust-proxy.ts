import type { Config } from '@pi/application';

/** Which proxies Fastify believes, as `TRUST_PROXY` says. */
export type TrustProxy = false | string[] | ((address: string, hop: number) => boolean);

/**
 * `TRUST_PROXY` for Fastify, with the meaning it documents: false (the socket's
 * address is the client), a list of proxy addresses and CIDRs, or a number of
 * hops. Fastify itself ignores a bare hop count (it trusts no proxy then), so
 * the count is given as the rule it stands for: believe the nearest `hops`
 * addresses of X-Forwarded-For, as Express's "trust proxy" did.
 */
export function trustProxyFor(setting: Config['trustProxy']): TrustProxy {
  if (typeof setting !== 'number') return setting;
  const hops = setting;
  return (_address: string, hop: number) => hop < hops;
}
