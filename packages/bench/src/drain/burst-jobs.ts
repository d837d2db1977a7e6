import { FEISHU_EVENT_JOB_OPTIONS, FeishuEventJob, jobIdForEvent } from '@feishu-welcome/shared';
import { makeUser, p2pChatCreate } from '@feishu-welcome/dev-kit';
import type { Queue } from 'bullmq';

/** Jobs added per `addBulk` (one MULTI each), so that no single round trip blocks Redis for long. */
const BULK_CHUNK = 500;

/**
 * `count` first-chat events, each for a new user, as the ingress would have stored them: the job
 * shape is checked against `FeishuEventJob`, the options and ids are the catalog's.
 */
export function makeBurstJobs(count: number, receivedAt: number) {
  const jobs = [];
  for (let i = 0; i < count; i++) {
    const { token: _token, ...envelope } = p2pChatCreate(makeUser(`user ${i}`));
    const data = FeishuEventJob.parse({
      eventId: envelope['uuid'],
      eventType: 'p2p_chat_create',
      receivedAt,
      envelope,
    });
    jobs.push({
      name: data.eventType,
      data,
      opts: { ...FEISHU_EVENT_JOB_OPTIONS, jobId: jobIdForEvent(data.eventId) },
    });
  }
  return jobs;
}

/** Adds the burst straight to the queue (not through the ingress: the drain is what is timed). */
export async function enqueueBurst(queue: Queue, count: number): Promise<void> {
  const jobs = makeBurstJobs(count, Date.now());
  for (let i = 0; i < jobs.length; i += BULK_CHUNK) await queue.addBulk(jobs.slice(i, i + BULK_CHUNK));
}
