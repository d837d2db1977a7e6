import { FEISHU_EVENT_JOB_OPTIONS } from '@feishu-welcome/shared';

/**
 * An event that was being worked on each of the last this-many times a worker died is failed: it is
 * then most likely what kills them. Fewer deaths are the workers' misfortune (a deploy, an OOM kill,
 * a lost node): the event goes on. Five is above what an outage does to an innocent event, since a
 * job is only caught by a death while it is active and it waits out a growing backoff after each one,
 * and low enough that a poison event stops within about half a minute of backoff.
 */
export const MAX_WORKER_CRASHES = 5;

/**
 * BullMQ's own stall limit, left only as a backstop far above {@link MAX_WORKER_CRASHES}: past it,
 * BullMQ fails the job with its generic "job stalled more than allowable limit" before our processor
 * can say why. A job gets there only through many manual retries of an event that kills workers.
 */
export const BULLMQ_MAX_STALLED_COUNT = 10 * MAX_WORKER_CRASHES;

/** What to do with a job, given the worker deaths it has lived through. */
export type CrashVerdict =
  | { readonly kind: 'run' }
  | { readonly kind: 'retry-later'; readonly crashes: number; readonly delayMs: number }
  | { readonly kind: 'fail'; readonly crashes: number };

/**
 * `crashes` is BullMQ's stalled counter (how many times a worker lost the job without finishing it);
 * `seen` is how many of those were already answered with a backoff. A job back from a new death waits
 * a backoff like a failed attempt's (without spending an attempt), so an event that kills workers
 * cannot kill them in a tight loop; at {@link MAX_WORKER_CRASHES} it is failed.
 */
export function judgeCrashes(
  crashes: number,
  seen: number,
  random: () => number = Math.random,
): CrashVerdict {
  if (crashes <= seen) return { kind: 'run' };
  if (crashes >= MAX_WORKER_CRASHES) return { kind: 'fail', crashes };
  const { delay, jitter } = FEISHU_EVENT_JOB_OPTIONS.backoff;
  const full = delay * 2 ** (crashes - 1);
  return { kind: 'retry-later', crashes, delayMs: Math.round(full * (1 - jitter * random())) };
}

/** The failure reason of a job judged {@link CrashVerdict} `fail`. */
export function crashedWorkerReason(crashes: number): string {
  return (
    `this event crashed the worker ${crashes} times (a worker died each time it was being worked on); ` +
    'not retried again: retry it from the dashboard once the cause is fixed'
  );
}
