import type { Logger } from 'pino';

/**
 * Until the returned function is called, SIGTERM or SIGINT ends the process at once with exit code 0.
 * A start can wait a while (for Redis, for Feishu) before it has anything to close; without this, a
 * signal in that window ends the process by the signal's default (status 143), which orchestrators
 * count as a crash. Call it in `main.ts` before the start, and the returned function once
 * `closeOnSignals` takes over.
 */
export function exitOnSignalsUntilStarted(log: Logger): () => void {
  const exitNow = (signal: NodeJS.Signals): void => {
    log.info({ signal }, 'shutting down before the start finished');
    process.exit(0);
  };
  process.once('SIGTERM', exitNow);
  process.once('SIGINT', exitNow);
  return () => {
    process.off('SIGTERM', exitNow);
    process.off('SIGINT', exitNow);
  };
}
