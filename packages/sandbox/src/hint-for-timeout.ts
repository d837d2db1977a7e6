import type { JobReport } from './job-probe.js';
import { type StandInAnswer, describeAnswer } from './read-stand-in.js';

export const NO_WORKER_HINT =
  'is a worker running, with FEISHU_DOMAIN pointing at the stand-in? Look at `docker compose logs worker` (or the worker lines of `pnpm dev`)';

/**
 * Why no welcome arrived in time, from what the queue (when it could be read) and the stand-in saw.
 * "No worker" only when that is what they show: the job still waits and no worker is connected, or,
 * without the queue, no send for the chat ever reached the stand-in.
 */
export function hintForTimeout(job: JobReport | undefined, answers: readonly StandInAnswer[]): string {
  const last = answers.at(-1);
  if (job === undefined) {
    if (last === undefined) return NO_WORKER_HINT;
    return `the stand-in's last answer to a send for this chat was ${describeAnswer(last)}; the job is being retried or has failed: look it up in the dashboard`;
  }
  switch (job.state) {
    case 'missing':
      return 'the queue has no job for this event: REDIS_URL and QUEUE_PREFIX here must be the ingress’s';
    case 'waiting':
      if (job.workers === 0) return `no worker is connected to the queue: ${NO_WORKER_HINT}`;
      return 'the job still waits for a worker: the workers are busy with earlier jobs (see the dashboard)';
    case 'active':
      return 'a worker is sending it now: Feishu (here the stand-in) is slow to answer; see the worker log';
    case 'delayed':
      return `the job waits to be retried after ${job.attemptsMade} failed attempt(s); the last: ${job.failedReason ?? 'unknown'}`;
    case 'completed':
    case 'failed':
    case 'other':
      return 'look the job up in the dashboard';
    default: {
      const unknown: never = job;
      throw new Error(`unknown job report ${JSON.stringify(unknown)}`);
    }
  }
}
