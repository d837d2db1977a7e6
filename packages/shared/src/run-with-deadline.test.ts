import { describe, expect, it } from 'vitest';
import { runWithDeadline } from './run-with-deadline.js';

const never = () => new Promise<never>(() => undefined);

describe('running work within a deadline', () => {
  it('resolves what the work resolves', async () => {
    expect(await runWithDeadline(1_000, () => Promise.resolve('done'))).toBe('done');
  });

  it('rejects with a TimeoutError, and aborts the work’s signal, when the work ignores it', async () => {
    let seen: AbortSignal | undefined;
    const run = runWithDeadline(20, (signal) => {
      seen = signal;
      return never();
    });
    await expect(run).rejects.toMatchObject({ name: 'TimeoutError', message: 'no answer within 20 ms' });
    expect(seen?.aborted).toBe(true);
  });

  it('rejects with the caller’s reason when the caller aborts first', async () => {
    const caller = new AbortController();
    const run = runWithDeadline(60_000, never, caller.signal);
    caller.abort(new Error('shutdown'));
    await expect(run).rejects.toThrow('shutdown');
    await expect(runWithDeadline(60_000, never, caller.signal)).rejects.toThrow('shutdown');
  });
});
