import { makeUser, p2pChatCreate } from '@feishu-welcome/testing';
import { DelayedError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { TracedJob } from '../test/traced-job.js';
import { createEventProcessor } from './create-event-processor.js';
import type { OutgoingMessage } from './feishu/message-sender.js';
import { TicketPendingError } from './feishu/ticket-pending-error.js';
import { TOKENS_READY, type TokenReadiness } from './feishu/token-readiness.js';
import { useIdleQueue } from '../test/idle-queue.js';
import { quietProcessorDeps } from '../test/quiet-processor-deps.js';

const NOW_MS = 1_700_000_000_000;

const queue = useIdleQueue();

/** A processor whose tokens are `readiness`, and whose sender throws what `sendError` says. */
function processorWith(readiness: TokenReadiness, sendError?: Error) {
  const sent: OutgoingMessage[] = [];
  let turns = 0;
  let settled = 0;
  const wakes: number[] = [];
  const process = createEventProcessor({
    sender: {
      send(message) {
        sent.push(message);
        if (sendError) return Promise.reject(sendError);
        return Promise.resolve({ messageId: 'om_1', logId: undefined });
      },
    },
    limiter: {
      takeTurn: () => {
        turns++;
        return Promise.resolve({
          kind: 'send',
          settle: () => {
            settled++;
            return Promise.resolve();
          },
        });
      },
      pause: () => Promise.resolve(),
    },
    waker: { wakeIn: (_job, ms) => void wakes.push(ms), stop: () => undefined },
    onboarded: { get: () => Promise.resolve(undefined), mark: () => Promise.resolve() },
    ...quietProcessorDeps(NOW_MS),
    tokenReadiness: () => Promise.resolve(readiness),
  });
  const job = () => {
    const envelope = p2pChatCreate(makeUser(), { tenantKey: 'tenant-a' });
    const data = {
      eventId: String(envelope['uuid']),
      eventType: 'p2p_chat_create',
      receivedAt: NOW_MS,
      envelope,
    };
    return new TracedJob(queue(), data);
  };
  return { process, sent, job, wakes, turns: () => turns, settled: () => settled };
}

describe('a job waiting for the app_ticket', () => {
  it('is parked in the delayed list with why, before it takes a turn, spending no attempt', async () => {
    const p = processorWith({ ready: false, reason: 'waiting-for-ticket', retryAfterMs: 2_000 });
    const job = p.job();
    await expect(p.process(job, 'lock')).rejects.toBeInstanceOf(DelayedError);
    expect(job.trace.delayedUntil).toBe(NOW_MS + 2_000);
    expect(job.progress).toEqual({ waiting: 'ticket', until: new Date(NOW_MS + 2_000).toISOString() });
    // This worker brings it back on time, as it does a job parked for its turn.
    expect(p.wakes).toEqual([2_000]);
    expect(job.attemptsMade).toBe(0);
    expect(p.turns()).toBe(0);
    expect(p.sent).toHaveLength(0);
  });

  it('is parked the same way when Feishu refuses the ticket during the send, its turn given back', async () => {
    const p = processorWith(TOKENS_READY, new TicketPendingError(3_000));
    const job = p.job();
    await expect(p.process(job, 'lock')).rejects.toBeInstanceOf(DelayedError);
    expect(job.trace.delayedUntil).toBe(NOW_MS + 3_000);
    expect(job.progress).toEqual({ waiting: 'ticket', until: new Date(NOW_MS + 3_000).toISOString() });
    expect(p.wakes).toEqual([3_000]);
    expect(p.settled()).toBe(1);
  });

  it('sends with its own tenant’s token once tokens can be had', async () => {
    const p = processorWith(TOKENS_READY);
    const job = p.job();
    expect(await p.process(job, 'lock')).toEqual({ outcome: 'sent', messageId: 'om_1' });
    expect(p.sent[0]?.tenantKey).toBe('tenant-a');
    expect(job.trace.delayedUntil).toBeUndefined();
    expect(p.settled()).toBe(1);
  });
});
