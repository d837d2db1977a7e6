import { createLogger, type FeishuEventJob } from '@feishu-welcome/shared';
import { makeUser, p2pChatCreate } from '@feishu-welcome/testing';
import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { FeishuApiError, type FeishuFailureKind } from './feishu/feishu-api-error.js';
import type { OutgoingMessage } from './feishu/message-sender.js';
import { BUILT_IN_MESSAGE } from './message/message-template.js';
import { createEventProcessor, MAX_THROTTLED_WAITS } from './process-event-job.js';
import type { OnboardedRecord } from './redis/onboarded-store.js';

const NOW_MS = 1_700_000_000_000;

function failure(kind: FeishuFailureKind, code: number, retryAfterMs?: number) {
  return new FeishuApiError({
    kind,
    httpStatus: 400,
    code,
    msg: `msg ${code}`,
    logId: 'log-9',
    retryAfterMs,
  });
}

function harness(replies: Array<FeishuApiError | 'ok'>) {
  const sent: OutgoingMessage[] = [];
  const pauses: number[] = [];
  const records = new Map<string, OnboardedRecord>();
  const outcomes: string[] = [];
  let settled = 0;
  const process = createEventProcessor({
    sender: {
      async send(message) {
        sent.push(message);
        const reply = replies.shift() ?? 'ok';
        if (reply !== 'ok') throw reply;
        return { messageId: `om_${sent.length}`, logId: 'log-1' };
      },
    },
    limiter: {
      acquire: async () => ({ settle: async () => void settled++ }),
      pause: async (_scope, ms) => void pauses.push(ms),
    },
    onboarded: {
      get: async (r) => records.get(r.openId),
      mark: async (r, record) => void records.set(r.openId, record),
    },
    tickets: { save: async () => undefined, latest: async () => undefined },
    message: BUILT_IN_MESSAGE,
    metrics: {
      countSend: (o) => void outcomes.push(o),
      observeSendSeconds: () => undefined,
      countTokenRefresh: () => undefined,
    },
    log: createLogger({ name: 'test', level: 'silent' }),
    now: () => NOW_MS,
  });
  return { process, sent, pauses, records, outcomes, settled: () => settled };
}

function jobFor(envelope: Record<string, unknown>): Job {
  const { token: _token, ...rest } = envelope;
  const data = {
    eventId: String(envelope['uuid']),
    eventType: 'p2p_chat_create',
    receivedAt: NOW_MS,
    envelope: rest,
  };
  return { id: 'job-1', data: data as FeishuEventJob, attemptsMade: 0, log: async () => 0 } as unknown as Job;
}

describe('the event processor', () => {
  it('sends the welcome into the chat, by name, with a uuid fixed by the user, and records it', async () => {
    const user = makeUser('Ada');
    const h = harness(['ok']);
    const envelope = p2pChatCreate(user);
    expect(await h.process(jobFor(envelope))).toEqual({ outcome: 'sent', messageId: 'om_1' });
    const [message] = h.sent;
    expect(message?.receiveIdType).toBe('chat_id');
    expect(message?.receiveId).toBe((envelope['event'] as { chat_id: string }).chat_id);
    expect(JSON.parse(message?.content ?? '{}')).toEqual({
      text: expect.stringContaining('Hi Ada') as string,
    });
    expect(message?.uuid.length).toBeLessThanOrEqual(50);
    expect(h.records.get(user.openId)).toEqual({ messageId: 'om_1', eventId: envelope['uuid'], at: NOW_MS });

    const again = harness(['ok']);
    await again.process(jobFor(p2pChatCreate(user)));
    expect(again.sent[0]?.uuid).toBe(message?.uuid);
  });

  it('sends nothing to a user already welcomed', async () => {
    const user = makeUser();
    const h = harness(['ok', 'ok']);
    await h.process(jobFor(p2pChatCreate(user)));
    expect(await h.process(jobFor(p2pChatCreate(user)))).toEqual({
      outcome: 'already-welcomed',
      messageId: 'om_1',
    });
    expect(h.sent).toHaveLength(1);
  });

  it('pauses every sender for the reset Feishu gives when throttled, then sends, within the same attempt', async () => {
    const h = harness([failure('throttled', 99991400, 3_000), 'ok']);
    expect(await h.process(jobFor(p2pChatCreate(makeUser())))).toMatchObject({ outcome: 'sent' });
    expect(h.pauses).toEqual([3_000]);
    expect(h.outcomes).toEqual(['throttled', 'sent']);
    // Both sends' slots were settled, the throttled one too.
    expect(h.settled()).toBe(2);
  });

  it('spends an attempt once throttled more than the bound', async () => {
    const h = harness(
      Array.from({ length: MAX_THROTTLED_WAITS + 1 }, () => failure('throttled', 99991400, 10)),
    );
    await expect(h.process(jobFor(p2pChatCreate(makeUser())))).rejects.toMatchObject({
      name: 'FeishuApiError',
    });
  });

  it('fails at once, naming code, message and log id, on a permanent error', async () => {
    const user = makeUser();
    const h = harness([failure('permanent', 230053)]);
    const attempt = h.process(jobFor(p2pChatCreate(user)));
    await expect(attempt).rejects.toMatchObject({ name: 'UnrecoverableError' });
    await expect(attempt).rejects.toThrow(/230053.*msg 230053.*log id log-9/);
    expect(h.records.has(user.openId)).toBe(false);
  });

  it('lets a transient error through for BullMQ to retry with backoff, recording nothing', async () => {
    const user = makeUser();
    const h = harness([failure('transient', 230020)]);
    await expect(h.process(jobFor(p2pChatCreate(user)))).rejects.toMatchObject({ kind: 'transient' });
    expect(h.records.has(user.openId)).toBe(false);
  });

  it('refuses job data that is not a Feishu event job, without retries', async () => {
    const h = harness([]);
    const job = {
      id: 'j',
      data: { eventType: 'p2p_chat_create' },
      attemptsMade: 0,
      log: async () => 0,
    } as unknown as Job;
    await expect(h.process(job)).rejects.toMatchObject({ name: 'UnrecoverableError' });
  });
});
