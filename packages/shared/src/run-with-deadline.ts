/**
 * Runs `work` and gives up on it after `ms`: the signal handed to `work` aborts and the returned
 * promise rejects with a `TimeoutError` DOMException, whether or not `work` heeds its signal. When
 * `signal` aborts first, it rejects with that signal's reason instead.
 *
 * The deadline is a plain, referenced `setTimeout`, cleared when `work` settles. On Node 20 a timeout
 * signal made by `AbortSignal.timeout` and combined through `AbortSignal.any` can be garbage-collected
 * before it fires, and the call it guards then never ends (https://github.com/nodejs/node/issues/57736);
 * a timer held by the event loop cannot be collected.
 */
export async function runWithDeadline<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  signal?.throwIfAborted();
  const controller = new AbortController();
  let giveUp: (reason: unknown) => void = () => undefined;
  const givenUp = new Promise<never>((_, reject) => {
    giveUp = (reason) => {
      controller.abort(reason);
      // The reason is passed on as given: a TimeoutError made above, or the caller's signal's reason.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      reject(reason);
    };
  });
  const onAbort = () => giveUp(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => giveUp(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
  try {
    return await Promise.race([work(controller.signal), givenUp]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
