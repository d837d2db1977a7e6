import { TEST_APP, makeUser, p2pChatCreate } from '@feishu-welcome/testing';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import { eventJobData, runJobOnce } from './run-job-once.js';

export const BLOCKED_BOT_REASON =
  'Feishu permanent failure: code 230053 "The user has stopped the bot" (HTTP 400, log id 20231010175613DA4B7E2D2A0E5C1B1D)';
export const BLOCKED_BOT_LOG_LINE = 'POST /open-apis/im/v1/messages answered code 230053';

/**
 * Adds a `p2p_chat_create` job for a user of `tenantKey` and runs it through a real BullMQ Worker that
 * logs a line and then fails it the way the worker fails a welcome to a user who stopped the bot.
 * Resolves with the failed job once the worker is closed again, so nothing picks the job up after a retry.
 */
export async function failJobLikeABlockedBot(
  queue: Queue,
  redisUrl: string,
  tenantKey: string = TEST_APP.tenantKey,
): Promise<Job> {
  const data = eventJobData(p2pChatCreate(makeUser(), { tenantKey }), 'p2p_chat_create');
  return await runJobOnce(queue, redisUrl, data, async (job) => {
    await job.log(BLOCKED_BOT_LOG_LINE);
    throw new UnrecoverableError(BLOCKED_BOT_REASON);
  });
}
