import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The peer a user would pick instead: Emmett's SQLite event store (0.38.5 is the latest that installs on Node 20). */
export const PEER = { name: '@event-driven-io/emmett-sqlite', version: '0.38.5' } as const;

/** Outside the workspaces (its own package.json, git-ignored): `npm ci` never carries it. */
export const PEER_DIR = fileURLToPath(new URL('../../../.bench-peers', import.meta.url));

/**
 * Installs the peer on first use (its sqlite3 binding builds from source: a
 * few minutes), then loads it from its own folder, where it finds its own dependencies.
 */
export async function loadPeer(log: (message: string) => void): Promise<EmmettSqlite> {
  const entry = join(PEER_DIR, 'node_modules', PEER.name, 'dist', 'index.js');
  if (!existsSync(entry)) {
    mkdirSync(PEER_DIR, { recursive: true });
    writeFileSync(
      join(PEER_DIR, 'package.json'),
      `${JSON.stringify({ name: 'bench-peers', private: true, type: 'module' }, null, 2)}\n`,
    );
    log(`installing ${PEER.name}@${PEER.version} into ${PEER_DIR} (once)…`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `${PEER.name}@${PEER.version}`], {
      cwd: PEER_DIR,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return (await import(pathToFileURL(entry).href)) as EmmettSqlite;
}

/** The part of Emmett's SQLite store the benchmark uses (its own types live in the peer's folder). */
export interface EmmettSqlite {
  getSQLiteEventStore(options: { fileName: string }): {
    appendToStream(
      streamName: string,
      events: { type: string; data: unknown; metadata?: unknown }[],
      options?: { expectedStreamVersion?: bigint },
    ): Promise<{ nextExpectedStreamVersion: bigint }>;
    readStream(streamName: string): Promise<{ events: unknown[] }>;
  };
}
