import type { Logger } from '@feishu-welcome/shared';
import { appTicket, makeUser, p2pChatCreate } from '@feishu-welcome/testing';
import { UnrecoverableError, WaitingError } from 'bullmq';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { TracedJob } from '../test/traced-job.js';
import { FeishuApiError } from './feishu/feishu-api-error.js';
import type { MessageSender } from './feishu/message-sender.js';
import { BUILT_IN_MESSAGE } from './message/message-template.js';
import { createEventProcessor } from './create-event-processor.js';
import type { SendScope } from './redis/send-rate-limiter.js';
import { createWorkerMetrics } from './worker-metrics.js';
import { useIdleQueue } from '../test/idle-queue.js';

// What operators see of each job: the outcome counters they alert on, the log lines they search by
// event id, the tickets kept, and what a shutdown does to a job in flight.

const RECEIVED_AT = 1_700_000_000_000;

const queue = useIdleQueue();

interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly fields: Record<string, unknown>;
}

/** A logger that keeps every line with the bindings of its children. */
function recordingLogger(lines: LogLine[], bindings: Record<string, unknown> = {}): Logger {
  const write = (level: LogLine['level']) => (fields: unknown, msg?: string) => {
    const [own, text] = typeof fields === 'string' ? [{}, fields] : [fields as object, msg ?? ''];
    lines.push({ level, msg: text, fields: { ...bindings, ...own } });
  };
  return {
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more: Record<string, unknown>) => recordingLogger(lines, { ...bindings, ...more }),
  } as unknown as Logger;
}

function processorWith(send: MessageSender['send']) {
  /** Whether Feishu answered, for each send that ended, as the processor tells `/readyz`. */
  const ended: boolean[] = [];
  const registry = new Registry();
  const lines: LogLine[] = [];
  const scopes: SendScope[] = [];
  const tickets: unknown[][] = [];
  const welcomed = new Set<string>();
  const process = createEventProcessor({
    sender: { send },
    limiter: {
      takeTurn: async (scope) => {
        scopes.push(scope);
        return { kind: 'send', settle: async () => undefined };
      },
      pause: async (scope) => void scopes.push(scope),
    },
    waker: { wakeIn: () => undefined, stop: () => undefined },
    onboarded: {
      get: async (r) =>
        welcomed.has(r.openId) ? { messageId: 'om_first', eventId: 'e0', at: 0 } : undefined,
      mark: async (r) => void welcomed.add(r.openId),
    },
    tickets: { save: async (...args) => (tickets.push(args), true) },
    message: BUILT_IN_MESSAGE,
    metrics: createWorkerMetrics(registry),
    log: recordingLogger(lines),
    now: () => RECEIVED_AT,
    sendDeadlineMs: 60_000,
    progress: {
      sendStarted: () => undefined,
      sendEnded: (answered: boolean) => void ended.push(answered),
      silentForMs: () => 0,
    },
  });
  const counted = async () => {
    const metric = await registry.getSingleMetric('feishu_worker_sends_total')?.get();
    return Object.fromEntries(
      (metric?.values ?? []).filter((v) => v.value > 0).map((v) => [String(v.labels['outcome']), v.value]),
    );
  };
  const seconds = async () => {
    const metric = await registry.getSingleMetric('feishu_worker_send_seconds')?.get();
    return metric?.values.find(
      (v) => (v as { metricName?: string }).metricName === 'feishu_worker_send_seconds_sum',
    )?.value;
  };
  return { process, lines, scopes, tickets, welcomed, counted, seconds, ended };
}

function jobOf(push: Record<string, unknown>, eventType = 'p2p_chat_create', stalledCounter = 0) {
  const { token: _token, ...envelope } = push;
  const eventId = String(push['uuid']);
  const data = { eventId, eventType, receivedAt: RECEIVED_AT, envelope };
  const job = new TracedJob(queue(), data, { id: `job-${eventId}`, stalledCounter });
  job.attemptsMade = 2;
  return { job, eventId };
}

const throttled = () =>
  new FeishuApiError({
    kind: 'throttled',
    httpStatus: 429,
    code: 99991400,
    msg: 'too fast',
    logId: 'log-t',
    retryAfterMs: 2_000,
  });

describe('the event processor, as operators see it', () => {
  it('logs a welcome with its event, job, message and attempt, and counts it sent', async () => {
    const p = processorWith(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { messageId: 'om_1', logId: 'log-1' };
    });
    const user = makeUser();
    const { job, eventId } = jobOf(p2pChatCreate(user, { tenantKey: 'tenant-9' }));
    await p.process(job);
    expect(p.lines).toContainEqual({
      level: 'info',
      msg: 'user welcomed',
      fields: { eventId, jobId: `job-${eventId}`, messageId: 'om_1', attempt: 3 },
    });
    expect(await p.counted()).toEqual({ sent: 1 });
    // The limit is the event's app and tenant's.
    expect(p.scopes).toEqual([{ appId: expect.any(String) as string, tenantKey: 'tenant-9' }]);
    // The send took about 20 ms, and is recorded in seconds (a timer may fire a little early against
    // the monotonic clock the processor reads, so the bound leaves room below 20 ms).
    const seconds = (await p.seconds()) ?? 0;
    expect(seconds).toBeGreaterThanOrEqual(0.015);
    expect(seconds).toBeLessThan(60);
  });

  it('logs and counts a user already welcomed', async () => {
    const p = processorWith(async () => ({ messageId: 'om_1', logId: undefined }));
    const user = makeUser();
    p.welcomed.add(user.openId);
    const { job, eventId } = jobOf(p2pChatCreate(user));
    expect(await p.process(job)).toEqual({ outcome: 'already-welcomed', messageId: 'om_first' });
    expect(p.lines).toContainEqual({
      level: 'info',
      msg: 'user already welcomed',
      fields: { eventId, jobId: `job-${eventId}`, messageId: 'om_first' },
    });
    expect(await p.counted()).toEqual({ already_welcomed: 1 });
  });

  it('warns of a throttle with the wait and Feishu’s log id, and pauses the event’s scope', async () => {
    let calls = 0;
    const p = processorWith(async () => {
      if (calls++ === 0) throw throttled();
      return { messageId: 'om_1', logId: undefined };
    });
    const { job } = jobOf(p2pChatCreate(makeUser(), { tenantKey: 'tenant-9' }));
    await expect(p.process(job)).rejects.toMatchObject({ name: 'DelayedError' });
    await p.process(job);
    expect(p.lines).toContainEqual({
      level: 'warn',
      msg: 'throttled by Feishu; pausing sends',
      fields: { jobId: job.id, waitMs: 2_000, logId: 'log-t' },
    });
    expect(p.scopes.map((s) => s.tenantKey)).toEqual(['tenant-9', 'tenant-9', 'tenant-9']);
    expect(await p.counted()).toEqual({ throttled: 1, sent: 1 });
  });

  it.each([
    ['transient', 'retried'],
    ['permanent', 'failed_permanently'],
  ] as const)('counts a %s failure as %s', async (kind, outcome) => {
    const p = processorWith(async () => {
      throw new FeishuApiError({
        kind,
        httpStatus: 500,
        code: 1,
        msg: 'no',
        logId: undefined,
        retryAfterMs: undefined,
      });
    });
    await expect(p.process(jobOf(p2pChatCreate(makeUser())).job)).rejects.toThrow();
    expect(await p.counted()).toEqual({ [outcome]: 1 });
  });

  it('lets an error that is not Feishu’s through as it is, counting no retry', async () => {
    const bug = new TypeError('a bug');
    const p = processorWith(async () => {
      throw bug;
    });
    await expect(p.process(jobOf(p2pChatCreate(makeUser())).job)).rejects.toBe(bug);
    expect(await p.counted()).toEqual({});
  });

  it('keeps an app_ticket with its app and the time it was pushed, sending nothing', async () => {
    const p = processorWith(async () => {
      throw new Error('must not send');
    });
    const push = appTicket({ ts: '1700000000.5' });
    const event = push['event'] as { app_id: string; app_ticket: string };
    const { job, eventId } = jobOf(push, 'app_ticket');
    expect(await p.process(job)).toEqual({ outcome: 'app-ticket-saved' });
    // Ordered by when Feishu pushed it, which a re-delivery of an old push keeps.
    expect(p.tickets).toEqual([[event.app_id, event.app_ticket, 1_700_000_000_500]]);
    expect(p.lines).toContainEqual({
      level: 'info',
      msg: 'app_ticket kept',
      fields: { eventId, jobId: `job-${eventId}`, kept: true },
    });
  });

  it('names what is wrong with job data it refuses', async () => {
    const p = processorWith(async () => ({ messageId: 'om_1', logId: undefined }));
    const { job } = jobOf(p2pChatCreate(makeUser()));
    (job.data as Record<string, unknown>)['eventId'] = '';
    const refusal = p.process(job);
    await expect(refusal).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(refusal).rejects.toThrow(/^job data is not a Feishu event job: .+/);
  });

  it('on shutdown hands the job back with its lock, sending nothing more, even when Feishu throttled', async () => {
    const shutdown = new AbortController();
    let calls = 0;
    const p = processorWith(async () => {
      calls++;
      shutdown.abort();
      throw throttled();
    });
    const { job } = jobOf(p2pChatCreate(makeUser()));
    await expect(p.process(job, 'lock-1', shutdown.signal)).rejects.toBeInstanceOf(WaitingError);
    expect(calls).toBe(1);
    expect(job.trace.movedToWait).toBe(true);
    expect(p.lines).toContainEqual({
      level: 'info',
      msg: 'job handed back on shutdown',
      fields: { jobId: job.id },
    });
  });

  it('tells readiness that Feishu answered a send that went out', async () => {
    const p = processorWith(async () => ({ messageId: 'om_1', logId: 'log-1' }));
    await p.process(jobOf(p2pChatCreate(makeUser())).job);
    expect(p.ended).toEqual([true]);
  });

  it('logs a job taken over from a worker that died, with its job, crashes and backoff', async () => {
    const p = processorWith(async () => ({ messageId: 'om_1', logId: 'log-1' }));
    const { job } = jobOf(p2pChatCreate(makeUser()), 'p2p_chat_create', 1);
    await expect(p.process(job)).rejects.toMatchObject({ name: 'DelayedError' });
    expect(p.lines).toContainEqual({
      level: 'warn',
      msg: 'job taken over from a worker that died; retrying after backoff',
      fields: expect.objectContaining({
        jobId: job.id,
        crashes: 1,
        delayMs: expect.any(Number) as unknown,
      }) as unknown,
    });
  });

  it('logs an event that keeps crashing workers as an error, with its job and crashes', async () => {
    const p = processorWith(async () => ({ messageId: 'om_1', logId: 'log-1' }));
    const { job } = jobOf(p2pChatCreate(makeUser()), 'p2p_chat_create', 5);
    await job.updateData({ ...(job.data as object), workerCrashesSeen: 4 });
    await expect(p.process(job)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(p.lines).toContainEqual({
      level: 'error',
      msg: 'event keeps crashing workers; failed',
      fields: expect.objectContaining({ jobId: job.id, crashes: 5 }) as unknown,
    });
  });

  it('counts the crashes of a job whose data is not an object without keeping that data', async () => {
    const p = processorWith(async () => ({ messageId: 'om_1', logId: 'log-1' }));
    const job = new TracedJob(queue(), 'not an object', { id: 'job-garbage', stalledCounter: 1 });
    await expect(p.process(job)).rejects.toMatchObject({ name: 'DelayedError' });
    expect(job.trace.data).toEqual({ workerCrashesSeen: 1 });
  });
});
