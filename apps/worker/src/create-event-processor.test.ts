import { TooFewReplicasError, createLogger } from '@feishu-welcome/shared';
import { appTicket, makeUser, p2pChatCreate } from '@feishu-welcome/testing';
import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { TracedJob, type JobTrace } from '../test/traced-job.js';
import { FeishuApiError, type FeishuFailureKind } from './feishu/feishu-api-error.js';
import { createFeishuProgress } from './feishu-progress.js';
import type { OutgoingMessage } from './feishu/message-sender.js';
import { BUILT_IN_MESSAGE } from './message/message-template.js';
import { createEventProcessor, MAX_THROTTLED_WAITS, type ProcessorDeps } from './create-event-processor.js';
import type { OnboardedRecord, OnboardedStore } from './redis/onboarded-store.js';
import type { SendTurn } from './redis/send-rate-limiter.js';
import { useIdleQueue } from '../test/idle-queue.js';

const NOW_MS = 1_700_000_000_000;

const queue = useIdleQueue();

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

/**
 * `hang`: a send that never ends and ignores its signal, as one stuck on a collected timeout would.
 * `turns`: what the limiter answers, in order; a turn to send once they run out.
 */
function harness(
  replies: Array<FeishuApiError | 'ok' | 'hang'>,
  {
    sendDeadlineMs = 60_000,
    onboarded,
    turns = [],
    replicas,
    keptTickets = [],
  }: {
    sendDeadlineMs?: number;
    onboarded?: OnboardedStore;
    turns?: SendTurn[];
    replicas?: ProcessorDeps['replicas'];
    /** Whether each ticket saved is kept, in order; kept once they run out. */
    keptTickets?: boolean[];
  } = {},
) {
  const sent: OutgoingMessage[] = [];
  const signals: Array<AbortSignal | undefined> = [];
  const progress = createFeishuProgress(() => clock);
  let clock = NOW_MS;
  const pauses: number[] = [];
  const records = new Map<string, OnboardedRecord>();
  const outcomes: string[] = [];
  let settled = 0;
  const tickets: string[] = [];
  const wakes: number[] = [];
  const process = createEventProcessor({
    sender: {
      async send(message, signal) {
        sent.push(message);
        signals.push(signal);
        const reply = replies.shift() ?? 'ok';
        if (reply === 'hang') return await new Promise<never>(() => undefined);
        if (reply !== 'ok') throw reply;
        return { messageId: `om_${sent.length}`, logId: 'log-1' };
      },
    },
    limiter: {
      takeTurn: (_scope, ticket) => {
        tickets.push(ticket);
        return Promise.resolve(
          turns.shift() ?? {
            kind: 'send',
            settle: () => {
              settled++;
              return Promise.resolve();
            },
          },
        );
      },
      pause: (_scope, ms) => {
        pauses.push(ms);
        return Promise.resolve();
      },
    },
    waker: { wakeIn: (_job, ms) => void wakes.push(ms), stop: () => undefined },
    onboarded: onboarded ?? {
      get: (r) => Promise.resolve(records.get(r.openId)),
      mark: (r, record) => {
        records.set(r.openId, record);
        return Promise.resolve();
      },
    },
    tickets: { save: () => Promise.resolve(keptTickets.shift() ?? true) },
    message: BUILT_IN_MESSAGE,
    metrics: {
      countSend: (o) => void outcomes.push(o),
      observeSendSeconds: () => undefined,
      countTokenRefresh: () => undefined,
    },
    log: createLogger({ name: 'test', level: 'silent' }),
    now: () => NOW_MS,
    sendDeadlineMs,
    progress,
    replicas,
  });
  const tick = (ms: number) => void (clock += ms);
  return {
    process,
    sent,
    signals,
    pauses,
    records,
    outcomes,
    progress,
    tick,
    tickets,
    wakes,
    settled: () => settled,
  };
}

function jobFor(
  envelope: Record<string, unknown>,
  { stalledCounter = 0, crashesSeen }: { stalledCounter?: number; crashesSeen?: number } = {},
  trace: JobTrace = {},
): TracedJob {
  const { token: _token, ...rest } = envelope;
  const data = {
    eventId: String(envelope['uuid']),
    eventType: 'p2p_chat_create',
    receivedAt: NOW_MS,
    envelope: rest,
  };
  return new TracedJob(
    queue(),
    { ...data, ...(crashesSeen === undefined ? {} : { workerCrashesSeen: crashesSeen }) },
    { stalledCounter },
    trace,
  );
}

/** The job of an `app_ticket` push. */
function ticketJobFor(push: Record<string, unknown>): TracedJob {
  const { token: _token, ...envelope } = push;
  return new TracedJob(queue(), {
    eventId: String(push['uuid']),
    eventType: 'app_ticket',
    receivedAt: NOW_MS,
    envelope,
  });
}

/** Replica confirmations answered from `answers` (replicas confirming each call, 1 once they run out). */
function answeredReplicas(answers: number[]) {
  const calls: unknown[][] = [];
  const shortfalls: unknown[][] = [];
  const answer = (...args: unknown[]) => {
    calls.push(args);
    return (answers.shift() ?? 1) >= 1 ? Promise.resolve() : Promise.reject(new TooFewReplicasError(0, 1));
  };
  const replicas: NonNullable<ProcessorDeps['replicas']> = {
    confirm: (recipient) => answer('welcome', recipient.openId),
    confirmTicket: (appId, pushedAt) => answer('app-ticket', appId, pushedAt),
    onShortfall: (error, jobId, write) => void shortfalls.push([error.confirmed, jobId, write]),
  };
  return { replicas, calls, shortfalls };
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

  it('completes a welcome only once the replicas confirm its record, and its retry sends nothing', async () => {
    const user = makeUser();
    const { replicas, calls, shortfalls } = answeredReplicas([0, 0, 1]);
    const h = harness(['ok', 'ok'], { replicas });
    const job = jobFor(p2pChatCreate(user));
    // Sent and recorded, but not confirmed: the attempt fails, to be retried.
    await expect(h.process(job)).rejects.toBeInstanceOf(TooFewReplicasError);
    expect(h.records.has(user.openId)).toBe(true);
    // The retry finds the record, and still waits for the replicas before it completes.
    await expect(h.process(job)).rejects.toBeInstanceOf(TooFewReplicasError);
    expect(await h.process(job)).toEqual({ outcome: 'already-welcomed', messageId: 'om_1' });
    expect(h.sent).toHaveLength(1);
    expect(calls).toEqual(Array.from({ length: 3 }, () => ['welcome', user.openId]));
    expect(shortfalls).toEqual([
      [0, job.id, 'welcome'],
      [0, job.id, 'welcome'],
    ]);
  });

  it('completes an app_ticket job only once the replicas hold the ticket, found kept again on its retry', async () => {
    const { replicas, calls, shortfalls } = answeredReplicas([0, 1]);
    // Kept by the first attempt; its retry, pushed at the same time, is not kept anew.
    const h = harness([], { replicas, keptTickets: [true, false] });
    const push = appTicket({ ts: '1700000000.5' });
    const { app_id: appId } = push['event'] as { app_id: string };
    const job = ticketJobFor(push);
    // Saved on the primary only: a failover now would lose it, so the attempt fails, to be retried.
    await expect(h.process(job)).rejects.toBeInstanceOf(TooFewReplicasError);
    expect(await h.process(job)).toEqual({ outcome: 'app-ticket-saved' });
    // Each attempt asks for the ticket pushed at this time, or a newer one, whether it kept it or not.
    expect(calls).toEqual([
      ['app-ticket', appId, 1_700_000_000_500],
      ['app-ticket', appId, 1_700_000_000_500],
    ]);
    expect(shortfalls).toEqual([[0, job.id, 'app-ticket']]);
    expect(h.sent).toHaveLength(0);
  });

  it('gives its worker slot back until its turn when its tenant is at its limit, spending no attempt, and says so', async () => {
    const h = harness(['ok'], { turns: [{ kind: 'wait', reason: 'tenant-limit', waitMs: 1_500 }] });
    const trace: JobTrace = {};
    const job = jobFor(p2pChatCreate(makeUser()), {}, trace);
    await expect(h.process(job, 'lock-1')).rejects.toMatchObject({ name: 'DelayedError' });
    expect(h.sent).toHaveLength(0);
    expect(trace.delayedUntil).toBe(NOW_MS + 1_500);
    expect(job.progress).toEqual({ waiting: 'tenant-limit', until: new Date(NOW_MS + 1_500).toISOString() });
    expect(job.attemptsMade).toBe(0);
    // This worker brings it back when its turn comes, without waiting for BullMQ to notice.
    expect(h.wakes).toEqual([1_500]);
    // Its turn comes: it asks again with the same ticket, sends, and no longer says it waits.
    expect(await h.process(job, 'lock-2')).toMatchObject({ outcome: 'sent' });
    expect(h.tickets).toEqual([job.id, job.id]);
    expect(job.progress).toBe(0);
    expect(h.settled()).toBe(1);
  });

  it('says a job waits because its tenant is throttled, when the limiter says so', async () => {
    const h = harness(['ok'], { turns: [{ kind: 'wait', reason: 'throttled', waitMs: 700 }] });
    const job = jobFor(p2pChatCreate(makeUser()));
    await expect(h.process(job)).rejects.toMatchObject({ name: 'DelayedError' });
    expect(job.progress).toMatchObject({ waiting: 'throttled' });
  });

  it('pauses every sender for the reset Feishu gives when throttled, and waits it out in the delayed set', async () => {
    const h = harness([failure('throttled', 99991400, 3_000), 'ok']);
    const trace: JobTrace = {};
    const job = jobFor(p2pChatCreate(makeUser()), {}, trace);
    await expect(h.process(job)).rejects.toMatchObject({ name: 'DelayedError' });
    expect(h.pauses).toEqual([3_000]);
    expect(trace.delayedUntil).toBe(NOW_MS + 3_000);
    expect(job.progress).toEqual({ waiting: 'throttled', until: new Date(NOW_MS + 3_000).toISOString() });
    expect(await h.process(job)).toMatchObject({ outcome: 'sent' });
    expect(h.outcomes).toEqual(['throttled', 'sent']);
    // Both sends' slots were settled, the throttled one too.
    expect(h.settled()).toBe(2);
  });

  it('spends an attempt once throttled more than the bound in that attempt', async () => {
    const h = harness(
      Array.from({ length: MAX_THROTTLED_WAITS + 1 }, () => failure('throttled', 99991400, 10)),
    );
    const job = jobFor(p2pChatCreate(makeUser()));
    for (let i = 0; i < MAX_THROTTLED_WAITS; i++)
      await expect(h.process(job)).rejects.toMatchObject({ name: 'DelayedError' });
    await expect(h.process(job)).rejects.toMatchObject({ name: 'FeishuApiError' });
    // The next attempt may wait as many times again.
    job.attemptsMade = 1;
    const again = harness([failure('throttled', 99991400, 10)]);
    await expect(again.process(job)).rejects.toMatchObject({ name: 'DelayedError' });
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

  it('abandons a send that outlives its deadline, aborting it, and lets BullMQ retry the job', async () => {
    const user = makeUser();
    const h = harness(['hang'], { sendDeadlineMs: 50 });
    const attempt = h.process(jobFor(p2pChatCreate(user)));
    await expect(attempt).rejects.toMatchObject({ name: 'FeishuApiError', kind: 'transient' });
    await expect(attempt).rejects.toThrow('send abandoned after 50 ms');
    expect(h.signals[0]?.aborted).toBe(true);
    expect(h.outcomes).toEqual(['retried']);
    expect(h.records.has(user.openId)).toBe(false);
  });

  it('tracks how long Feishu has left sends unanswered, and forgets it at its next answer', async () => {
    const h = harness(['hang', failure('transient', 230020)], { sendDeadlineMs: 20 });
    await expect(h.process(jobFor(p2pChatCreate(makeUser())))).rejects.toThrow('send abandoned');
    h.tick(7_000);
    h.progress.sendStarted(); // another send, under way
    expect(h.progress.silentForMs()).toBe(7_000);
    // An error reply is an answer all the same.
    await expect(h.process(jobFor(p2pChatCreate(makeUser())))).rejects.toMatchObject({ code: 230020 });
    h.tick(1_000);
    expect(h.progress.silentForMs()).toBe(1_000);
  });

  it('backs off a job taken over from a worker that died, without sending or spending an attempt', async () => {
    const h = harness(['ok']);
    const trace: JobTrace = {};
    const attempt = h.process(jobFor(p2pChatCreate(makeUser()), { stalledCounter: 2 }, trace));
    await expect(attempt).rejects.toMatchObject({ name: 'DelayedError' });
    expect(h.sent).toHaveLength(0);
    // The second death: 4 s, less up to half of it as jitter.
    expect(trace.delayedUntil).toBeGreaterThanOrEqual(NOW_MS + 2_000);
    expect(trace.delayedUntil).toBeLessThanOrEqual(NOW_MS + 4_000);
    expect(trace.data).toMatchObject({ workerCrashesSeen: 2, eventType: 'p2p_chat_create' });
  });

  it('sends nothing, and fails without retries, when the user’s onboarded record cannot be read', async () => {
    const unreadable = new UnrecoverableError("the user's onboarded record cannot be read (not JSON)");
    const h = harness(['ok'], {
      onboarded: { get: () => Promise.reject(unreadable), mark: () => Promise.resolve() },
    });
    const attempt = h.process(jobFor(p2pChatCreate(makeUser())));
    await expect(attempt).rejects.toBe(unreadable);
    expect(h.sent).toHaveLength(0);
  });

  it('runs a job whose worker deaths it has already waited out', async () => {
    const h = harness(['ok']);
    const job = jobFor(p2pChatCreate(makeUser()), { stalledCounter: 2, crashesSeen: 2 });
    expect(await h.process(job)).toMatchObject({ outcome: 'sent' });
  });

  it('fails an event that was being worked on each time a worker died, five times, saying so', async () => {
    const h = harness(['ok']);
    const trace: JobTrace = {};
    const attempt = h.process(
      jobFor(p2pChatCreate(makeUser()), { stalledCounter: 5, crashesSeen: 4 }, trace),
    );
    await expect(attempt).rejects.toMatchObject({ name: 'UnrecoverableError' });
    await expect(attempt).rejects.toThrow('this event crashed the worker 5 times');
    expect(h.sent).toHaveLength(0);
    // A manual retry from the dashboard then gets one more run.
    expect(trace.data).toMatchObject({ workerCrashesSeen: 5 });
  });

  it('refuses job data that is not a Feishu event job, without retries', async () => {
    const h = harness([]);
    const job = new TracedJob(queue(), { eventType: 'p2p_chat_create' }, { id: 'j' });
    await expect(h.process(job)).rejects.toMatchObject({ name: 'UnrecoverableError' });
  });
});
