import { APP_TICKET, FeishuEventJob, type Logger } from '@feishu-welcome/shared';
import { UnrecoverableError, WaitingError, type Job } from 'bullmq';
import { FeishuApiError } from './feishu/feishu-api-error.js';
import type { MessageSender } from './feishu/message-sender.js';
import type { MessageTemplate } from './message/message-template.js';
import { renderMessage } from './message/render-message.js';
import type { AppTicketStore } from './redis/app-ticket-store.js';
import type { OnboardedStore } from './redis/onboarded-store.js';
import type { SendRateLimiter } from './redis/send-rate-limiter.js';
import { messageVariables, welcomeFor, welcomeUuid, type Welcome } from './welcome-recipient.js';
import type { WorkerMetrics } from './worker-metrics.js';

/** How many times one attempt may be throttled and wait, before the throttle costs it the attempt. */
export const MAX_THROTTLED_WAITS = 20;

export type JobResult =
  | { readonly outcome: 'sent'; readonly messageId: string }
  | { readonly outcome: 'already-welcomed'; readonly messageId: string }
  | { readonly outcome: 'app-ticket-saved' };

export interface ProcessorDeps {
  readonly sender: MessageSender;
  readonly limiter: SendRateLimiter;
  readonly onboarded: OnboardedStore;
  readonly tickets: AppTicketStore;
  readonly message: MessageTemplate;
  readonly metrics: WorkerMetrics;
  readonly log: Logger;
  readonly now: () => number;
}

export type EventProcessor = (job: Job, token?: string, signal?: AbortSignal) => Promise<JobResult>;

/**
 * The BullMQ processor for the Feishu events queue. It takes BullMQ's abort signal (the third
 * parameter), which the worker fires when a shutdown's grace period is over: the job then goes back to
 * the wait list, attempts untouched, for another worker to finish.
 */
export function createEventProcessor(deps: ProcessorDeps): EventProcessor {
  async function sendWithinLimits(
    job: Job,
    welcome: Welcome,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const scope = { appId: welcome.appId, tenantKey: welcome.tenantKey };
    const outgoing = {
      receiveIdType: 'chat_id',
      receiveId: welcome.chatId,
      msgType: deps.message.msg_type,
      content: renderMessage(deps.message, messageVariables(welcome)),
      uuid: welcomeUuid(welcome),
    } as const;
    for (let throttled = 0; ; throttled++) {
      const slot = await deps.limiter.acquire(scope, signal);
      const started = process.hrtime.bigint();
      try {
        const sent = await deps.sender.send(outgoing, signal);
        return sent.messageId;
      } catch (error) {
        if (signal?.aborted || !(error instanceof FeishuApiError)) throw error;
        await job.log(error.message);
        if (error.kind === 'throttled' && throttled < MAX_THROTTLED_WAITS) {
          deps.metrics.countSend('throttled');
          deps.log.warn(
            { jobId: job.id, waitMs: error.retryAfterMs, logId: error.logId },
            'throttled by Feishu; pausing sends',
          );
          await deps.limiter.pause(scope, error.retryAfterMs ?? 1_000);
          continue;
        }
        if (error.kind === 'permanent') {
          deps.metrics.countSend('failed_permanently');
          throw new UnrecoverableError(error.message);
        }
        deps.metrics.countSend('retried');
        throw error;
      } finally {
        deps.metrics.observeSendSeconds(Number(process.hrtime.bigint() - started) / 1e9);
        await slot.settle();
      }
    }
  }

  async function handle(job: Job, signal: AbortSignal | undefined): Promise<JobResult> {
    const parsed = FeishuEventJob.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(
        `job data is not a Feishu event job: ${parsed.error.issues[0]?.message ?? ''}`,
      );
    }
    const data = parsed.data;
    const log = deps.log.child({ eventId: data.eventId, jobId: job.id });
    if (data.eventType === APP_TICKET) {
      await deps.tickets.save(data.envelope.event.app_id, data.envelope.event.app_ticket, data.receivedAt);
      log.info('app_ticket kept');
      return { outcome: 'app-ticket-saved' };
    }

    const welcome = welcomeFor(data);
    const earlier = await deps.onboarded.get(welcome);
    if (earlier) {
      deps.metrics.countSend('already_welcomed');
      log.info({ messageId: earlier.messageId }, 'user already welcomed');
      return { outcome: 'already-welcomed', messageId: earlier.messageId };
    }
    const messageId = await sendWithinLimits(job, welcome, signal);
    await deps.onboarded.mark(welcome, { messageId, eventId: data.eventId, at: deps.now() });
    deps.metrics.countSend('sent');
    log.info({ messageId, attempt: job.attemptsMade + 1 }, 'user welcomed');
    return { outcome: 'sent', messageId };
  }

  return async (job, token, signal) => {
    try {
      return await handle(job, signal);
    } catch (error) {
      if (!signal?.aborted) throw error;
      // Shutting down: hand the job back. A send that did reach Feishu is not repeated, thanks to uuid.
      await job.moveToWait(token);
      deps.log.info({ jobId: job.id }, 'job handed back on shutdown');
      throw new WaitingError();
    }
  };
}
