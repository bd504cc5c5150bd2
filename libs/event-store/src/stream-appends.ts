import type { StreamAppend } from './event-store.port.js';

/** What every adapter refuses in a multi-stream append before it touches the log: a programming error, not a conflict. */
export function checkStreamAppends(appends: readonly StreamAppend[]): void {
  if (appends.length === 0) throw new Error('appendMany needs at least one stream');
  const seen = new Set<string>();
  for (const { streamId, events } of appends) {
    if (events.length === 0) throw new Error(`append to ${streamId} needs at least one event`);
    if (seen.has(streamId)) throw new Error(`appendMany names ${streamId} twice: one part per stream`);
    seen.add(streamId);
  }
}
