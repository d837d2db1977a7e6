import type { Logger } from 'pino';

/** What a process's `start…` returns: everything it started, stopped by one call. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * SIGTERM or SIGINT closes `running` and exits: 0 once it has closed, 1 if closing failed. A second
 * signal while closing changes nothing (`close` is already under way). Call once in `main.ts`.
 */
export function closeOnSignals(running: Closable, log: Logger): void {
  const stop = (signal: NodeJS.Signals): void => {
    log.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'did not close cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
