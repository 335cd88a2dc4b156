import type { Io } from '../command';

/**
 * Reports the progress of a long command: a redrawn bar on a terminal (`io.progress`), otherwise a
 * plain line on stderr every `everyMs`.
 */
export class Progress {
  private lastDraw = 0;
  private lastLine: number;
  private drawn = false;

  constructor(
    private readonly io: Io,
    private readonly everyMs = 2000,
    private readonly now: () => number = Date.now,
  ) {
    this.lastLine = now();
  }

  /** Shows `fraction` (0..1) done with a short status text. */
  update(fraction: number, status: string, force = false): void {
    const t = this.now();
    if (this.io.progress) {
      if (!force && t - this.lastDraw < 100) return;
      this.lastDraw = t;
      this.drawn = true;
      this.io.progress(`${bar(fraction, 24)} ${percent(fraction)}  ${status}`);
      return;
    }
    if (!force && t - this.lastLine < this.everyMs) return;
    this.lastLine = t;
    this.io.err(`${percent(fraction)}  ${status}`);
  }

  /** Clears the bar (the next stderr line starts on a fresh row). */
  done(): void {
    if (this.io.progress && this.drawn) this.io.progress('');
  }
}

function percent(f: number): string {
  return `${Math.floor(Math.min(1, Math.max(0, f)) * 100)}%`.padStart(4);
}

/**
 * A text progress bar.
 * @example
 * bar(0.5, 10); // '[#####.....]'
 */
export function bar(fraction: number, width: number): string {
  const n = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(n)}${'.'.repeat(width - n)}]`;
}
