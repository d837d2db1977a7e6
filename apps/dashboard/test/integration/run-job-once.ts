import { FEISHU_EVENT_JOB_OPTIONS, jobIdForEvent } from '@feishu-welcome/shared';
import { Worker, type Job, type Processor, type Queue } from 'bullmq';
import { Redis } from 'ioredis';

/** What a job on the events queue carries: the push without its token, under `envelope`. */
export function eventJobData(push: Record<string, unknown>, eventType: string): Record<string, unknown> {
  const { token: _token, ...envelope } = push;
  const header = envelope['header'] as { event_id?: string } | undefined;
  const eventId = header?.event_id ?? String(envelope['uuid']);
  return { eventId, eventType, receivedAt: Date.now(), envelope };
}

/**
 * Adds an event job to `queue` and lets a real BullMQ Worker run `processor` on it once. Resolves with
 * the job as Redis holds it once the worker is closed again, so nothing picks the job up after that.
 */
export async function runJobOnce(
  queue: Queue,
  redisUrl: string,
  data: Record<string, unknown>,
  processor: Processor,
): Promise<Job> {
  const eventType = String(data['eventType']);
  const jobId = jobIdForEvent(String(data['eventId']));
  await queue.add(eventType, data, { ...FEISHU_EVENT_JOB_OPTIONS, jobId });
  // A worker blocks on Redis, so unlike the dashboard's connection it must retry forever.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  let ran: () => void = () => undefined;
  const hasRun = new Promise<void>((resolve) => (ran = resolve));
  const worker = new Worker(
    queue.name,
    async (job, token) => {
      try {
        return (await processor(job, token)) as unknown;
      } finally {
        ran();
      }
    },
    { connection, prefix: queue.opts.prefix },
  );
  try {
    await Promise.race([hasRun, new Promise((_resolve, reject) => worker.once('error', reject))]);
  } finally {
    // Closing waits for the job in hand, so what the processor's outcome does to it is done by then.
    await worker.close();
    await connection.quit().catch(() => undefined);
  }
  const job = await queue.getJob(jobId);
  if (!job) throw new Error(`job ${jobId} is gone`);
  return job;
}
