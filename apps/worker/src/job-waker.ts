import type { Job } from 'bullmq';

/**
 * Waits up to this long are ended by the worker that parked the job, on time; longer ones by BullMQ,
 * up to Redis's `hz` late, which is nothing next to them.
 */
export const PROMPT_WAKE_MAX_MS = 60_000;

/**
 * Brings parked jobs back out of BullMQ's delayed set on time. BullMQ brings a delayed job back when a
 * worker's blocking wait on Redis times out, and Redis ends those waits only as often as its `hz` (10 a
 * second by default): up to 100 ms late, which would make every turn of a tenant draining at its limit
 * late by as much. The process that parked a job promotes it when its wait is over; should the process
 * die first, BullMQ still does. A job already promoted or taken by then is left alone.
 */
export interface JobWaker {
  /** Promotes `job` in `ms`, instead of whenever this process meant to before. */
  wakeIn(job: Job, ms: number): void;
  /** Forgets every wake-up (on shutdown): BullMQ brings those jobs back by itself. */
  stop(): void;
}

export function createJobWaker(): JobWaker {
  const timers = new Map<string, NodeJS.Timeout>();
  return {
    wakeIn(job, ms) {
      const id = job.id;
      if (id === undefined || ms > PROMPT_WAKE_MAX_MS) return;
      clearTimeout(timers.get(id));
      const timer = setTimeout(() => {
        timers.delete(id);
        // Rejected when the job has moved on meanwhile (promoted by BullMQ, taken, removed): nothing to do.
        job.promote().catch(() => undefined);
      }, ms);
      timers.set(id, timer.unref());
    },
    stop() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
