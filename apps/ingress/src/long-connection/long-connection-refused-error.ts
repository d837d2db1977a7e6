/**
 * Feishu will not let this app have a long connection, and asking again will not change that: the
 * credentials are wrong, the app may not use the mode, it has the most connections allowed, or the
 * server's reconnect budget is spent. The message is the one line an operator reads before the process
 * exits 1; it names the cause and the keys to check, never a value.
 */
export class LongConnectionRefusedError extends Error {
  override readonly name = 'LongConnectionRefusedError';

  constructor(
    message: string,
    /** Feishu's code, or `reconnects-exhausted`. */
    readonly code: number | 'reconnects-exhausted',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
