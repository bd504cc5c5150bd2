/** A one-line progress bar on stderr (a line every few seconds when stderr is not a terminal). */
export class ProgressBar {
  private lastDraw = 0;
  private readonly started = performance.now();

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, total: number, detail = ''): void {
    const now = performance.now();
    const interactive = this.stream.isTTY === true;
    if (now - this.lastDraw < (interactive ? 100 : 2000) && done < total) return;
    this.lastDraw = now;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const seconds = (now - this.started) / 1000;
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}% ${detail} ${seconds.toFixed(1)}s`;
    this.stream.write(interactive ? `\r${line}` : `${line}\n`);
  }

  done(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
