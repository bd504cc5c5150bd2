import { createHash } from 'node:crypto';
import { normalEmail } from '@pi/domain';

/** The phone appears only hashed in stream names, document ids and the consent report's matching. */
export function phoneHash(e164: string): string {
  return createHash('sha256').update(e164).digest('base64url').slice(0, 22);
}

/** An email address, without case or surrounding spaces, hashed like a phone. */
export function emailHash(email: string): string {
  return createHash('sha256')
    .update(`email:${normalEmail(email)}`)
    .digest('base64url')
    .slice(0, 22);
}
