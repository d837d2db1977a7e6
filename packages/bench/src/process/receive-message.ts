import type { ChildProcess } from 'node:child_process';

/** The first IPC message from `child`; rejects if it exits first or `timeoutMs` passes. */
export function receiveMessage<T>(child: ChildProcess, what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    );
    const onMessage = (message: unknown): void => finish(undefined, message as T);
    const onExit = (code: number | null, signal: string | null): void =>
      finish(new Error(`${what}: the process exited (${code ?? signal}) before answering`));
    function finish(error: Error | undefined, value?: T): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value as T);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
