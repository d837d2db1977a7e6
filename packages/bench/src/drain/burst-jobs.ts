import { FEISHU_EVENT_JOB_OPTIONS, FeishuEventJob, jobIdForEvent } from '@feishu-welcome/shared';
import { makeUser, p2pChatCreate } from '@feishu-welcome/dev-kit';
import type { Queue } from 'bullmq';

/** Jobs added per `addBulk` (one MULTI each), so that no single round trip blocks Redis for long. */
const BULK_CHUNK = 500;

/** One event as the ingress would have stored it, the chat its welcome goes to, and its tenant. */
export interface BurstJob {
  readonly name: string;
  readonly data: FeishuEventJob;
  readonly opts: typeof FEISHU_EVENT_JOB_OPTIONS & { readonly jobId: string };
  readonly chatId: string;
  readonly tenantKey: string;
}

/**
 * `count` first-chat events, each for a new user (in a chat of its own), as the ingress would have
 * stored them: the job shape is checked against `FeishuEventJob`, the options and ids are the
 * catalog's. `tenantKey` is the envelope's `event.tenant_key`, the tenant whose limits and token a
 * welcome uses. @defaultValue the test app's one tenant
 */
export function makeBurstJobs(count: number, receivedAt: number, tenantKey?: string): BurstJob[] {
  const jobs: BurstJob[] = [];
  for (let i = 0; i < count; i++) {
    const { token: _token, ...envelope } = p2pChatCreate(
      makeUser(`user ${i}`),
      tenantKey === undefined ? {} : { tenantKey },
    );
    const data = FeishuEventJob.parse({
      eventId: envelope['uuid'],
      eventType: 'p2p_chat_create',
      receivedAt,
      envelope,
    });
    if (data.eventType !== 'p2p_chat_create') throw new Error('expected a p2p_chat_create job');
    jobs.push({
      name: data.eventType,
      data,
      opts: { ...FEISHU_EVENT_JOB_OPTIONS, jobId: jobIdForEvent(data.eventId) },
      chatId: data.envelope.event.chat_id,
      tenantKey: data.envelope.event.tenant_key,
    });
  }
  return jobs;
}

/** Adds `jobs` in order, a chunk per `addBulk`. */
export async function addJobs(queue: Queue, jobs: readonly BurstJob[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += BULK_CHUNK) {
    await queue.addBulk(jobs.slice(i, i + BULK_CHUNK).map(({ name, data, opts }) => ({ name, data, opts })));
  }
}

/** Adds the burst straight to the queue (not through the ingress: the drain is what is timed). */
export async function enqueueBurst(queue: Queue, count: number): Promise<void> {
  await addJobs(queue, makeBurstJobs(count, Date.now()));
}
