import {
  APP_TICKET,
  FeishuEventJob,
  runWithDeadline,
  TooFewReplicasError,
  type Logger,
} from '@feishu-welcome/shared';
import { DelayedError, UnrecoverableError, WaitingError, type Job, type Processor } from 'bullmq';
import { z } from 'zod';
import { FeishuApiError, unansweredCallError } from './feishu/feishu-api-error.js';
import type { MessageSender, OutgoingMessage, SentMessage } from './feishu/message-sender.js';
import type { FeishuProgress } from './feishu-progress.js';
import type { MessageTemplate } from './message/message-template.js';
import { renderMessage } from './message/render-message.js';
import { TicketPendingError } from './feishu/ticket-pending-error.js';
import { TOKENS_READY, type TokenReadiness } from './feishu/token-readiness.js';
import { ticketPushedAt, type AppTicketStore } from './redis/app-ticket-store.js';
import type { OnboardedStore } from './redis/onboarded-store.js';
import type { SendRateLimiter, SendScope } from './redis/send-rate-limiter.js';
import { clearJobWait, parkJob, type JobWait } from './park-job.js';
import type { JobWaker } from './job-waker.js';
import { messageVariables, welcomeFor, welcomeUuid, type Welcome } from './welcome-recipient.js';
import { crashedWorkerReason, judgeCrashes } from './judge-crashes.js';
import type { WorkerMetrics } from './worker-metrics.js';
import type { ReplicatedWrite, WorkerReplicas } from './worker-replicas.js';

/** How many times one attempt may be throttled and wait, before the throttle costs it the attempt. */
export const MAX_THROTTLED_WAITS = 20;

/** Where a job keeps how many times its current attempt has waited out a throttle. */
const THROTTLED_WAITS = 'throttledWaits';
const ThrottledWaits = z.object({ attempt: z.number(), waits: z.number() });

export type JobResult =
  | { readonly outcome: 'sent'; readonly messageId: string }
  | { readonly outcome: 'already-welcomed'; readonly messageId: string }
  | { readonly outcome: 'app-ticket-saved' };

export interface ProcessorDeps {
  readonly sender: MessageSender;
  readonly limiter: SendRateLimiter;
  /** Brings jobs parked for the ticket, their turn or a throttle back on time. */
  readonly waker: JobWaker;
  readonly onboarded: OnboardedStore;
  /** Where a pushed `app_ticket` is kept. */
  readonly tickets: Pick<AppTicketStore, 'save'>;
  readonly message: MessageTemplate;
  readonly metrics: WorkerMetrics;
  readonly log: Logger;
  readonly now: () => number;
  /** A send still running after this is abandoned and retried (see `sendDeadlineMs`). */
  readonly sendDeadlineMs: number;
  readonly progress: FeishuProgress;
  /**
   * Whether a tenant's token can be had now; asked before a send slot is taken, so that a job waiting
   * for a store app's `app_ticket` spends none. @defaultValue always ready
   */
  readonly tokenReadiness?: (tenantKey: string) => Promise<TokenReadiness>;
  /**
   * With ENQUEUE_MIN_REPLICAS: a job that finds or writes a welcome record, or saves an app_ticket,
   * completes only once the replicas hold it (see `WorkerReplicas`). A shortfall fails the attempt, to
   * be retried with backoff; the retry finds the record and sends nothing, or finds the ticket (or a
   * newer one) kept. @defaultValue no confirmation
   */
  readonly replicas?: Pick<WorkerReplicas, 'confirm' | 'confirmTicket' | 'onShortfall'>;
}

/** Where a job keeps how many worker deaths it has already waited out (see `judgeCrashes`). */
const CRASHES_SEEN = 'workerCrashesSeen';

/** Job data is checked here, not trusted: it came back from Redis. */
export type EventProcessor = Processor<unknown, JobResult>;
type EventJob = Job<unknown, JobResult>;

/** The job's data as an object to read keys from and add keys to; data that is not one reads as `{}`. */
function dataRecord(data: unknown): Record<string, unknown> {
  return typeof data === 'object' && data !== null ? { ...data } : {};
}

/**
 * The BullMQ processor for the Feishu events queue. It takes BullMQ's abort signal (the third
 * parameter), which the worker fires when a shutdown's grace period is over: the job then goes back to
 * the wait list, attempts untouched, for another worker to finish. A job taken over from a worker that
 * died first waits a backoff, and is failed once it has been there for too many deaths.
 */
export function createEventProcessor(deps: ProcessorDeps): EventProcessor {
  /** Every wait (a ticket, a turn, a throttle) gives the slot back the same way: see `parkJob`. */
  function park(
    job: EventJob,
    token: string | undefined,
    waiting: JobWait['waiting'],
    waitMs: number,
  ): Promise<never> {
    return parkJob(job, token, waiting, { waitMs, now: deps.now, waker: deps.waker });
  }

  /**
   * The sender keeps each Feishu call to its timeout; this is the net above it, should a call outlive
   * its timeout anyway: the send is abandoned, and the job retried like any unanswered call.
   */
  async function sendWithinDeadline(
    outgoing: OutgoingMessage,
    signal: AbortSignal | undefined,
  ): Promise<SentMessage> {
    try {
      return await runWithDeadline(
        deps.sendDeadlineMs,
        (deadline) => deps.sender.send(outgoing, deadline),
        signal,
      );
    } catch (error) {
      if (signal?.aborted || !(error instanceof Error && error.name === 'TimeoutError')) throw error;
      throw unansweredCallError(`send abandoned after ${deps.sendDeadlineMs} ms`, error);
    }
  }

  /**
   * The scope is paused for as long as Feishu said, and the job waits it out in the delayed set. Past
   * {@link MAX_THROTTLED_WAITS} waits in one attempt, the throttle costs the attempt instead.
   */
  async function waitOutThrottle(
    job: EventJob,
    token: string | undefined,
    scope: SendScope,
    error: FeishuApiError,
  ): Promise<never> {
    const waitMs = error.retryAfterMs ?? 1_000;
    await deps.limiter.pause(scope, waitMs);
    const data = dataRecord(job.data);
    const earlier = ThrottledWaits.safeParse(data[THROTTLED_WAITS]);
    const waits = earlier.success && earlier.data.attempt === job.attemptsMade ? earlier.data.waits : 0;
    if (waits >= MAX_THROTTLED_WAITS) {
      deps.metrics.countSend('retried');
      throw error;
    }
    await job.updateData({ ...data, [THROTTLED_WAITS]: { attempt: job.attemptsMade, waits: waits + 1 } });
    deps.metrics.countSend('throttled');
    deps.log.warn({ jobId: job.id, waitMs, logId: error.logId }, 'throttled by Feishu; pausing sends');
    return await park(job, token, 'throttled', waitMs);
  }

  async function sendWithinLimits(
    job: EventJob,
    token: string | undefined,
    welcome: Welcome,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const scope = { appId: welcome.appId, tenantKey: welcome.tenantKey };
    // The job's id is the same at each of its turns (the event id, see jobIdForEvent).
    const turn = await deps.limiter.takeTurn(scope, job.id ?? welcomeUuid(welcome));
    if (turn.kind === 'wait') return await park(job, token, turn.reason, turn.waitMs);
    await clearJobWait(job);
    const outgoing = {
      tenantKey: welcome.tenantKey,
      receiveIdType: 'chat_id',
      receiveId: welcome.chatId,
      msgType: deps.message.msg_type,
      content: renderMessage(deps.message, messageVariables(welcome)),
      uuid: welcomeUuid(welcome),
    } as const;
    const started = process.hrtime.bigint();
    let answered = false;
    deps.progress.sendStarted();
    try {
      const sent = await sendWithinDeadline(outgoing, signal);
      answered = true;
      return sent.messageId;
    } catch (error) {
      answered = error instanceof FeishuApiError && error.httpStatus !== undefined;
      if (signal?.aborted) throw error;
      // Feishu refused the kept ticket while the token was fetched: a resend is asked for; wait for it.
      if (error instanceof TicketPendingError) return await park(job, token, 'ticket', error.retryAfterMs);
      if (!(error instanceof FeishuApiError)) throw error;
      await job.log(error.message);
      if (error.kind === 'throttled') return await waitOutThrottle(job, token, scope, error);
      if (error.kind === 'permanent') {
        deps.metrics.countSend('failed_permanently');
        throw new UnrecoverableError(error.message);
      }
      deps.metrics.countSend('retried');
      throw error;
    } finally {
      deps.progress.sendEnded(answered);
      deps.metrics.observeSendSeconds(Number(process.hrtime.bigint() - started) / 1e9);
      await turn.settle();
    }
  }

  /** Throws, failing the attempt, while too few replicas hold what the job wrote (`write`). */
  async function confirmReplicated(
    job: EventJob,
    write: ReplicatedWrite,
    confirm: (replicas: NonNullable<ProcessorDeps['replicas']>) => Promise<void>,
  ): Promise<void> {
    if (!deps.replicas) return;
    try {
      await confirm(deps.replicas);
    } catch (error) {
      if (error instanceof TooFewReplicasError) deps.replicas.onShortfall(error, job.id, write);
      throw error;
    }
  }

  async function handle(
    job: EventJob,
    token: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<JobResult> {
    const parsed = FeishuEventJob.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(
        `job data is not a Feishu event job: ${parsed.error.issues[0]?.message ?? ''}`,
      );
    }
    const data = parsed.data;
    const log = deps.log.child({ eventId: data.eventId, jobId: job.id });
    if (data.eventType === APP_TICKET) {
      const { event, ts } = data.envelope;
      const pushedAt = ticketPushedAt(ts, data.receivedAt);
      const kept = await deps.tickets.save(event.app_id, event.app_ticket, pushedAt);
      log.info({ kept }, kept ? 'app_ticket kept' : 'app_ticket older than the one kept; ignored');
      // Not kept may be this job's own save, by an attempt whose confirmation fell short: confirmed all
      // the same, as is a newer ticket, else a failover could lose it and every tenant's welcomes wait.
      await confirmReplicated(job, 'app-ticket', (replicas) =>
        replicas.confirmTicket(event.app_id, pushedAt),
      );
      return { outcome: 'app-ticket-saved' };
    }

    const welcome = welcomeFor(data);
    const earlier = await deps.onboarded.get(welcome);
    if (earlier) {
      // Perhaps written by an attempt whose confirmation fell short: a failover could still lose it.
      await confirmReplicated(job, 'welcome', (replicas) => replicas.confirm(welcome));
      deps.metrics.countSend('already_welcomed');
      log.info({ messageId: earlier.messageId }, 'user already welcomed');
      return { outcome: 'already-welcomed', messageId: earlier.messageId };
    }
    // Asked before a turn is taken: a taken turn counts against the tenant's window.
    const readiness = (await deps.tokenReadiness?.(welcome.tenantKey)) ?? TOKENS_READY;
    if (!readiness.ready) {
      const waiting = readiness.reason === 'waiting-for-token' ? 'token' : 'ticket';
      return await park(job, token, waiting, readiness.retryAfterMs);
    }
    const messageId = await sendWithinLimits(job, token, welcome, signal);
    await deps.onboarded.mark(welcome, { messageId, eventId: data.eventId, at: deps.now() });
    deps.metrics.countSend('sent');
    log.info({ messageId, attempt: job.attemptsMade + 1 }, 'user welcomed');
    await confirmReplicated(job, 'welcome', (replicas) => replicas.confirm(welcome));
    return { outcome: 'sent', messageId };
  }

  /** Backs off or fails (by throwing) a job that a worker died holding; returns when it is to run now. */
  async function answerCrashes(job: EventJob, token: string | undefined): Promise<void> {
    const data = dataRecord(job.data);
    const seen = data[CRASHES_SEEN];
    const verdict = judgeCrashes(job.stalledCounter, typeof seen === 'number' ? seen : 0);
    if (verdict.kind === 'run') return;
    // Counted before anything else, so that a manual retry of a failed job gets one more run.
    await job.updateData({ ...data, [CRASHES_SEEN]: verdict.crashes });
    if (verdict.kind === 'fail') {
      deps.log.error({ jobId: job.id, crashes: verdict.crashes }, 'event keeps crashing workers; failed');
      throw new UnrecoverableError(crashedWorkerReason(verdict.crashes));
    }
    deps.log.warn(
      { jobId: job.id, crashes: verdict.crashes, delayMs: verdict.delayMs },
      'job taken over from a worker that died; retrying after backoff',
    );
    await job.moveToDelayed(deps.now() + verdict.delayMs, token);
    throw new DelayedError();
  }

  return async (job, token, signal) => {
    await answerCrashes(job, token);
    try {
      return await handle(job, token, signal);
    } catch (error) {
      if (!signal?.aborted) throw error;
      // Shutting down: hand the job back. A send that did reach Feishu is not repeated, thanks to uuid.
      await job.moveToWait(token);
      deps.log.info({ jobId: job.id }, 'job handed back on shutdown');
      throw new WaitingError();
    }
  };
}
