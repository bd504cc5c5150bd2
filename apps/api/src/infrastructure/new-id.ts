import { randomUUID } from 'node:crypto';
import { type CommandContext, derivedId } from '@pi/application';

/**
 * An id for something a command creates: random, or derived from the
 * request's Idempotency-Key and what it names, so a retried request (after a
 * crash, a timeout) creates nothing new and finishes what the first one began.
 */
export function newId(context: CommandContext, ...names: string[]): string {
  return context.idempotencyKey ? derivedId('request', context.idempotencyKey, ...names) : randomUUID();
}
