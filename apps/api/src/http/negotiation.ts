/**
 * Whether an Accept header prefers JSON to HTML: by quality, then by which it
 * names first. Absent, `*` / `*` or naming neither, HTML wins (a browser's default).
 */
export function prefersJson(accept: string | undefined): boolean {
  let best: { json: boolean; quality: number } | null = null;
  for (const part of (accept ?? '').split(',')) {
    const [range, ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const json = range === 'application/json' || range === 'application/*';
    if (!json && range !== 'text/html' && range !== 'text/*') continue;
    const q = parameters.find((p) => p.startsWith('q='));
    const quality = q ? Number(q.slice(2)) : 1;
    if (!(quality > 0)) continue;
    if (!best || quality > best.quality) best = { json, quality };
  }
  return best?.json ?? false;
}
