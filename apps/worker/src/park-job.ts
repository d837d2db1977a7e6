import { DelayedError, type Job } from 'bullmq';
import { z } from 'zod';
import type { JobWaker } from './job-waker.js';

/**
 * Why a job is waiting in BullMQ's delayed set instead of running, as its progress shows it on the
 * dashboard while it waits: `ticket`, a store app has no `app_ticket` (or Feishu refused it) and a
 * resend is asked for; `token`, its tenant's tenant_access_token is being fetched; `tenant-limit`, its tenant's sends are at `SEND_RATE_PER_SECOND` /
 * `SEND_RATE_PER_MINUTE` and this is its turn; `throttled`, Feishu told us to slow down for the tenant.
 */
export const JobWait = z.object({
  waiting: z.enum(['ticket', 'token', 'tenant-limit', 'throttled']),
  /** When it comes back, ISO 8601 on the worker's clock. */
  until: z.string(),
});
export type JobWait = z.infer<typeof JobWait>;

/**
 * Gives the job's worker slot back for `waitMs`: the job goes to BullMQ's delayed set without spending
 * an attempt, its progress saying why (see {@link JobWait}), and `waker` brings it back on time. Always
 * throws BullMQ's `DelayedError`, which tells the worker the job has been moved; the processor must let
 * it through.
 */
export async function parkJob(
  job: Job,
  token: string | undefined,
  waiting: JobWait['waiting'],
  { waitMs, now, waker }: { readonly waitMs: number; readonly now: () => number; readonly waker: JobWaker },
): Promise<never> {
  const parkedAt = now();
  const wait: JobWait = { waiting, until: new Date(parkedAt + waitMs).toISOString() };
  await job.updateProgress(wait);
  await job.moveToDelayed(parkedAt + waitMs, token);
  // The park's own round trips to Redis come off the wait: a turn is a time, and a job woken late by
  // them would make every later turn of its tenant late too.
  waker.wakeIn(job, Math.max(0, parkedAt + waitMs - now()));
  throw new DelayedError();
}

/** Clears what {@link parkJob} recorded, once the job goes on; BullMQ's progress starts at 0. */
export async function clearJobWait(job: Job): Promise<void> {
  if (JobWait.safeParse(job.progress).success) await job.updateProgress(0);
}
