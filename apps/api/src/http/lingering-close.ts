import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/** How much of a refused body is read and thrown away so the client can read the answer (RFC 9112 §9.6). */
export const LINGER_BYTES = 32 * 1024 * 1024;
export const LINGER_MS = 10_000;

const lingering = new WeakSet<Socket>();

/**
 * A body refused before it was read (413) still arrives: closing the connection at once makes the kernel
 * answer the rest with a reset, and the client, still sending, never reads the 413 (EPIPE, ECONNRESET).
 * Lingering close: when Node would close the connection after the answer, it half-closes instead and
 * reads on, discarding, until the client has sent everything, or a bounded amount, or a bounded time.
 */
export function lingerOnClose(request: IncomingMessage): void {
  const socket = request.socket as Socket | null;
  // The body is read on and thrown away (nothing listens for it any more): the parser keeps taking bytes.
  request.resume();
  if (!socket || lingering.has(socket)) return;
  lingering.add(socket);
  socket.destroySoon = function lingerThenClose(this: Socket) {
    // The HTTP parser takes the bytes straight from the handle (no 'data' events): count what was read.
    const from = this.bytesRead;
    const close = () => this.destroy();
    const timer = setTimeout(close, LINGER_MS);
    const meter = setInterval(() => this.bytesRead - from > LINGER_BYTES && close(), 50);
    timer.unref();
    meter.unref();
    this.once('end', close);
    this.once('close', () => {
      clearTimeout(timer);
      clearInterval(meter);
    });
    // Our answer goes out, then our half of the connection closes; theirs stays open to be read from.
    if (this.writable) this.end();
    // Node's HTTP server holds a connection it is done with paused (`_paused`, re-pausing any resume):
    // let it read again, so the parser takes the rest of the body and throws it away.
    const held = this as Socket & { _paused?: boolean; _handle?: { reading: boolean; readStart(): void } | null };
    held._paused = false;
    this.resume();
    if (held._handle && !held._handle.reading) {
      held._handle.reading = true;
      held._handle.readStart();
    }
  };
}
