import type { Logger } from 'pino';

/** A warning logged at most once a window, with the repeats it stood for. */
export type SparingWarning = (fields: Record<string, unknown>) => void;

/**
 * A warning that a misbehaving peer could repeat without end (a frame that does not decode, a fragment
 * out of bounds): the first of each window goes out at warn, with how many were held back since the
 * last (`repeats`); the others at debug. A server sending 500,000 broken fragments wrote 500,000 lines.
 */
export function warnSparingly(
  log: Logger,
  message: string,
  options: { readonly windowMs?: number; readonly now?: () => number } = {},
): SparingWarning {
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  let last: number | undefined;
  let held = 0;
  return (fields) => {
    const at = now();
    if (last !== undefined && at - last < windowMs) {
      held += 1;
      log.debug(fields, message);
      return;
    }
    log.warn({ ...fields, repeats: held }, message);
    last = at;
    held = 0;
  };
}
