/**
 * Runs a task again and again, `intervalMs` apart, until stopped; `stop()` waits for the running pass.
 * A pass that reports work (`true`) is followed at once by the next one.
 */
export class Loop {
  private running: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly task: () => Promise<boolean>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = (async () => {
      while (!this.stopped) {
        let busy = false;
        try {
          busy = await this.task();
        } catch (error) {
          this.onError(error);
        }
        if (busy || this.stopped) continue;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.intervalMs);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }
}
