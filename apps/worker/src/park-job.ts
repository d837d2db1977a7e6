import { DelayedError, type Job } from 'bullmq';
import { z } from 'zod';

/**
 * Why a job is waiting in BullMQ's delayed set instead of running, as its progress shows it on the
 * dashboard while it waits: `tenant-limit`, its tenant's sends are at `SEND_RATE_PER_SECOND` /
 * `SEND_RATE_PER_MINUTE` and this is its turn; `throttled`, Feishu told us to slow down for the tenant.
 */
export const JobWait = z.object({
  waiting: z.enum(['tenant-limit', 'throttled']),
  /** When it comes back, ISO 8601 on the worker's clock. */
  until: z.string(),
});
export type JobWait = z.infer<typeof JobWait>;

/**
 * Waits up to this long are ended by the worker that parked the job, on time (see {@link parkJob});
 * longer ones by BullMQ, up to Redis's `hz` late, which is nothing next to them.
 */
export const PROMPT_WAKE_MAX_MS = 60_000;

/**
 * Gives the job's worker slot back for `waitMs`: the job goes to BullMQ's delayed set without spending
 * an attempt, its progress saying why (see {@link JobWait}). Always throws BullMQ's `DelayedError`,
 * which tells the worker the job has been moved; the processor must let it through.
 *
 * BullMQ brings a delayed job back when a worker's blocking wait times out, and Redis ends those waits
 * only as often as its `hz` (10 a second by default): up to 100 ms late, which would make every turn of
 * a tenant draining at its limit late by as much. So this process promotes the job itself when its wait
 * is over; should it die first, BullMQ still does. A job already promoted or taken is left alone.
 */
export async function parkJob(
  job: Job,
  token: string | undefined,
  waiting: JobWait['waiting'],
  { waitMs, now }: { readonly waitMs: number; readonly now: number },
): Promise<never> {
  const wait: JobWait = { waiting, until: new Date(now + waitMs).toISOString() };
  await job.updateProgress(wait);
  await job.moveToDelayed(now + waitMs, token);
  if (waitMs <= PROMPT_WAKE_MAX_MS) {
    setTimeout(() => void job.promote().catch(() => undefined), waitMs).unref();
  }
  throw new DelayedError();
}

/** Clears what {@link parkJob} recorded, once the job goes on; BullMQ's progress starts at 0. */
export async function clearJobWait(job: Job): Promise<void> {
  if (JobWait.safeParse(job.progress).success) await job.updateProgress(0);
}
