import { DelayedError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { TracedJob } from '../test/traced-job.js';
import type { JobWaker } from './job-waker.js';
import { parkJob } from './park-job.js';
import { useIdleQueue } from '../test/idle-queue.js';

const NOW_MS = 1_700_000_000_000;

const queue = useIdleQueue();

/** A job whose move to the delayed set takes `ms` of the test clock, as a round trip to Redis does. */
class SlowToParkJob extends TracedJob {
  constructor(private readonly clock: { now: number }) {
    super(queue(), {});
  }

  override moveToDelayed(timestamp: number): Promise<void> {
    this.clock.now += 40;
    return super.moveToDelayed(timestamp);
  }
}

describe('parkJob', () => {
  it('wakes the job at the end of its wait, counted from when it was parked, not from when Redis answered', async () => {
    const clock = { now: NOW_MS };
    const wakes: number[] = [];
    const waker: JobWaker = { wakeIn: (_job, ms) => void wakes.push(ms), stop: () => undefined };
    const job = new SlowToParkJob(clock);
    await expect(
      parkJob(job, 'lock', 'tenant-limit', { waitMs: 100, now: () => clock.now, waker }),
    ).rejects.toBeInstanceOf(DelayedError);
    expect(job.trace.delayedUntil).toBe(NOW_MS + 100);
    expect(job.progress).toEqual({ waiting: 'tenant-limit', until: new Date(NOW_MS + 100).toISOString() });
    expect(wakes).toEqual([60]);
  });
});
