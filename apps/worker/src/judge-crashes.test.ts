import { describe, expect, it } from 'vitest';
import { judgeCrashes, MAX_WORKER_CRASHES } from './judge-crashes.js';

describe('judging the worker deaths a job lived through', () => {
  it('runs a job no worker died holding, or whose deaths were all waited out already', () => {
    expect(judgeCrashes(0, 0)).toEqual({ kind: 'run' });
    expect(judgeCrashes(3, 3)).toEqual({ kind: 'run' });
  });

  it('backs off after each new death, twice as long each time, jitter taking up to half', () => {
    const longest = (crashes: number) => judgeCrashes(crashes, crashes - 1, () => 0);
    const shortest = (crashes: number) => judgeCrashes(crashes, crashes - 1, () => 1);
    expect([1, 2, 3, 4].map((n) => longest(n))).toEqual([
      { kind: 'retry-later', crashes: 1, delayMs: 2_000 },
      { kind: 'retry-later', crashes: 2, delayMs: 4_000 },
      { kind: 'retry-later', crashes: 3, delayMs: 8_000 },
      { kind: 'retry-later', crashes: 4, delayMs: 16_000 },
    ]);
    expect(shortest(1)).toMatchObject({ delayMs: 1_000 });
  });

  it(`fails the job at its ${MAX_WORKER_CRASHES}th death, however many were seen`, () => {
    expect(judgeCrashes(MAX_WORKER_CRASHES, 0)).toEqual({ kind: 'fail', crashes: MAX_WORKER_CRASHES });
    expect(judgeCrashes(MAX_WORKER_CRASHES + 1, MAX_WORKER_CRASHES)).toEqual({
      kind: 'fail',
      crashes: MAX_WORKER_CRASHES + 1,
    });
  });
});
