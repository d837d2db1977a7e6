import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { TracedJob, type JobTrace } from '../test/traced-job.js';
import { createJobWaker, PROMPT_WAKE_MAX_MS } from './job-waker.js';
import { useIdleQueue } from '../test/idle-queue.js';

const queue = useIdleQueue();

function parked(id = 'job-1') {
  const trace: JobTrace = {};
  return { job: new TracedJob(queue(), {}, { id }, trace), trace };
}

describe('createJobWaker', () => {
  it('promotes a parked job when its wait is over', async () => {
    const waker = createJobWaker();
    const { job, trace } = parked();
    waker.wakeIn(job, 30);
    expect(trace.promoted).toBeUndefined();
    await sleep(100);
    expect(trace.promoted).toBe(1);
  });

  it('promotes a job parked again only at its new time', async () => {
    const waker = createJobWaker();
    const { job, trace } = parked();
    waker.wakeIn(job, 30);
    waker.wakeIn(job, 200);
    await sleep(100);
    expect(trace.promoted).toBeUndefined();
    await sleep(200);
    expect(trace.promoted).toBe(1);
  });

  it('leaves waits longer than a minute to BullMQ', () => {
    vi.useFakeTimers();
    try {
      const waker = createJobWaker();
      const longest = parked('job-longest');
      const longer = parked('job-longer');
      waker.wakeIn(longest.job, PROMPT_WAKE_MAX_MS);
      waker.wakeIn(longer.job, PROMPT_WAKE_MAX_MS + 1);
      vi.advanceTimersByTime(PROMPT_WAKE_MAX_MS + 1);
      expect(longest.trace.promoted).toBe(1);
      expect(longer.trace.promoted).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgets every wake-up once stopped', async () => {
    const waker = createJobWaker();
    const { job, trace } = parked();
    waker.wakeIn(job, 30);
    waker.stop();
    await sleep(100);
    expect(trace.promoted).toBeUndefined();
  });
});
