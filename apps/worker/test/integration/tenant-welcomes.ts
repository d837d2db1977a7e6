import type { RunningFeishuStandIn } from '@feishu-welcome/feishu-stand-in';
import { FEISHU_EVENT_JOB_OPTIONS, FeishuEventJob, jobIdForEvent } from '@feishu-welcome/shared';
import { makeUser, p2pChatCreate } from '@feishu-welcome/testing';
import type { Queue } from 'bullmq';

/**
 * Adds `count` first-chat events of new users of `tenantKey` to the queue, as the ingress stores them
 * (catalog options and ids), in one `addBulk`. Each chat id names its tenant and `label`, so that the
 * stand-in's log tells whose a request was. Resolves the chat ids, once every job is stored.
 */
export async function enqueueWelcomes(
  queue: Queue,
  tenantKey: string,
  count: number,
  label = 'backlog',
): Promise<string[]> {
  const chats: string[] = [];
  const jobs = Array.from({ length: count }, (_, i) => {
    const chatId = `oc_${tenantKey}_${label}_${i}`;
    chats.push(chatId);
    const { token: _token, ...envelope } = p2pChatCreate(makeUser(), { tenantKey, chatId });
    const data = FeishuEventJob.parse({
      eventId: envelope['uuid'],
      eventType: 'p2p_chat_create',
      receivedAt: Date.now(),
      envelope,
    });
    return {
      name: data.eventType,
      data,
      opts: { ...FEISHU_EVENT_JOB_OPTIONS, jobId: jobIdForEvent(data.eventId) },
    };
  });
  await queue.addBulk(jobs);
  return chats;
}

/**
 * When the stand-in saw each send to one of `chats`, oldest first, by its clock; throttled sends
 * included, since Feishu counts them against the limit too.
 */
export function requestTimes(standIn: RunningFeishuStandIn, chats: readonly string[]): number[] {
  const wanted = new Set(chats);
  return standIn
    .requests()
    .filter((request) => request.endpoint === 'messages' && wanted.has(request.receive_id ?? ''))
    .map((request) => request.at)
    .sort((a, b) => a - b);
}
