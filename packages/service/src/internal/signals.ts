import type { Logger } from 'pino';

/**
 * SIGTERM/SIGINT → `close()`; a second signal while closing exits at once.
 * @example
 * installSignals(close, logger);
 */
export function installSignals(close: () => Promise<void>, log: Logger | undefined): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      log?.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    signalled = true;
    log?.info({ signal }, 'shutting down');
    close().then(
      () => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      },
      (error: unknown) => {
        log?.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
