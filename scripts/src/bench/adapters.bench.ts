import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, load, stop, waitForHttp } from './http.bench.js';
import { PEER_DIR } from './peer-install.js';

/** Nest 12 with each of its HTTP adapters, installed on demand beside the peer (never in `npm ci`). */
const PACKAGES = [
  '@nestjs/core@12.5.1',
  '@nestjs/common@12.5.1',
  '@nestjs/platform-express@12.5.1',
  '@nestjs/platform-fastify@12.5.0',
  'reflect-metadata@0.2.2',
  'rxjs@7.8.2',
];

/**
 * The same command route on Nest with Express and with Fastify: a PUT whose
 * JSON body is read and answered with a position, as the API's commands are,
 * without the API's own work (plain JS: decorators applied as functions).
 */
const SERVER = `
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Put } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
class ProfileController {
  update(body) { return { position: String(JSON.stringify(body).length) }; }
}
const update = Object.getOwnPropertyDescriptor(ProfileController.prototype, 'update');
Reflect.decorate([Put('profile'), HttpCode(200)], ProfileController.prototype, 'update', update);
Body()(ProfileController.prototype, 'update', 0);
Reflect.defineMetadata('design:paramtypes', [Object], ProfileController.prototype, 'update');
Controller('v1/practice')(ProfileController);
class AppModule {}
Module({ controllers: [ProfileController] })(AppModule);
const adapter = process.env.ADAPTER === 'fastify'
  ? new (await import('@nestjs/platform-fastify')).FastifyAdapter()
  : new (await import('@nestjs/platform-express')).ExpressAdapter();
const app = await NestFactory.create(AppModule, adapter, { logger: false });
app.getHttpAdapter().get('/health', (req, res) => adapter.reply(res, { ok: true }, 200));
await app.listen(Number(process.env.PORT), '127.0.0.1');
`;
const BARE = `
import http from 'node:http';
http.createServer((req, res) => {
  if (req.method === 'GET') { res.end('{"ok":true}'); return; }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { const body = JSON.parse(Buffer.concat(chunks).toString() || '{}'); res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ position: String(JSON.stringify(body).length) })); });
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

function install(log: (message: string) => void): void {
  if (existsSync(join(PEER_DIR, 'node_modules', '@nestjs', 'platform-fastify'))) return;
  mkdirSync(PEER_DIR, { recursive: true });
  if (!existsSync(join(PEER_DIR, 'package.json')))
    writeFileSync(
      join(PEER_DIR, 'package.json'),
      `${JSON.stringify({ name: 'bench-peers', private: true, type: 'module' }, null, 2)}\n`,
    );
  log(`installing ${PACKAGES.join(' ')} into ${PEER_DIR} (once)…`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...PACKAGES], {
    cwd: PEER_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function measure(script: string, env: Record<string, string>, seconds: number, connections: number) {
  const port = await freePort();
  const file = join(PEER_DIR, `server-${env.ADAPTER ?? 'bare'}.mjs`);
  writeFileSync(file, script);
  const child = spawn(process.execPath, [file], {
    cwd: PEER_DIR,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/health`, child);
    const url = `http://127.0.0.1:${port}/v1/practice/profile`;
    await load(url, null, 2, connections); // warm-up
    return await load(url, null, seconds, connections);
  } finally {
    await stop(child);
  }
}

/**
 * Nest's own Fastify adapter against its Express adapter on the same route and
 * load, beside a bare node:http server in the same run: what the adapter costs
 * before any of the API's work.
 */
export async function adaptersBench(options: { seconds: number; connections: number }, log: (message: string) => void) {
  install(log);
  log('adapters: bare node:http…');
  const bare = await measure(BARE, {}, options.seconds, options.connections);
  log('adapters: Nest on Express…');
  const express = await measure(SERVER, { ADAPTER: 'express' }, options.seconds, options.connections);
  log('adapters: Nest on Fastify…');
  const fastify = await measure(SERVER, { ADAPTER: 'fastify' }, options.seconds, options.connections);
  const share = (r: { requestsPerSecond: number }) => Number((r.requestsPerSecond / bare.requestsPerSecond).toFixed(3));
  return {
    name: 'adapters',
    connections: options.connections,
    seconds: options.seconds,
    baseline: { name: 'bare node:http', ...bare },
    express: { ...express, ofBaseline: share(express) },
    fastify: { ...fastify, ofBaseline: share(fastify) },
    fastifyToExpress: Number((fastify.requestsPerSecond / express.requestsPerSecond).toFixed(2)),
  };
}
