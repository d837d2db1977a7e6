import { randomBytes } from 'node:crypto';
import { FEISHU_EVENT_JOB_OPTIONS } from '@feishu-welcome/shared';
import { UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import { Redis } from 'ioredis';

export const BLOCKED_BOT_REASON =
  'Feishu permanent failure: code 230053 "The user has stopped the bot" (HTTP 400, log id 20231010175613DA4B7E2D2A0E5C1B1D)';
export const BLOCKED_BOT_LOG_LINE = 'POST /open-apis/im/v1/messages answered code 230053';

/**
 * Adds an event job to `queue` and runs it through a real BullMQ Worker that logs a line and then
 * fails it the way the worker fails a welcome to a user who stopped the bot. Resolves with the failed
 * job once the worker is closed again, so nothing picks the job up after a retry.
 */
export async function failJobLikeABlockedBot(queue: Queue, redisUrl: string): Promise<Job> {
  const eventId = randomBytes(16).toString('hex');
  await queue.add(
    'p2p_chat_create',
    { eventId, eventType: 'p2p_chat_create', receivedAt: Date.now() },
    { ...FEISHU_EVENT_JOB_OPTIONS, jobId: `ev-${eventId}` },
  );
  // A worker blocks on Redis, so unlike the dashboard's connection it must retry forever.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const worker = new Worker(
    queue.name,
    async (job) => {
      await job.log(BLOCKED_BOT_LOG_LINE);
      throw new UnrecoverableError(BLOCKED_BOT_REASON);
    },
    { connection, prefix: queue.opts.prefix },
  );
  try {
    const failed = await new Promise<Job | undefined>((resolve, reject) => {
      worker.once('failed', (job) => resolve(job));
      worker.once('error', reject);
    });
    if (!failed) throw new Error('the worker reported a failure without its job');
    return failed;
  } finally {
    await worker.close();
    await connection.quit().catch(() => undefined);
  }
}
