import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `url` until it answers 2xx (true), or `timeoutMs` passes or `gaveUp()` turns true (false):
 * there is no point waiting for a service whose process has already exited.
 */
export async function waitUntilOk(url: string, timeoutMs: number, gaveUp: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gaveUp()) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok) return true;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  return false;
}
