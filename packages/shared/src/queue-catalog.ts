import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import {
  APP_TICKET,
  AppTicketEnvelope,
  BOT_P2P_CHAT_ENTERED,
  BotP2pChatEnteredEnvelope,
  P2P_CHAT_CREATE,
  P2pChatCreateEnvelope,
} from './feishu/events.js';

/** The one queue between the ingress and the workers. */
export const FEISHU_EVENTS_QUEUE = 'feishu-events';

const HOUR_S = 60 * 60;

/**
 * Feishu re-pushes a failed delivery after 15 s, 5 min, 1 h and 6 h (the last about 7 h 05 min after
 * the first try) and may re-push even after a 200. A job's id is its event id, so while the job is kept
 * a re-delivery adds nothing: keep completed jobs two days, well past the ≥ 24 h the dedupe needs.
 * Source: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
 */
export const COMPLETED_JOB_RETENTION_S = 48 * HOUR_S;

/** Failed jobs stay 14 days, for someone to read the reason in the dashboard and retry. */
export const FAILED_JOB_RETENTION_S = 14 * 24 * HOUR_S;

/** The event types the ingress enqueues; every other type is acknowledged and counted only. */
export const ENQUEUED_EVENT_TYPES: ReadonlySet<string> = new Set([
  P2P_CHAT_CREATE,
  BOT_P2P_CHAT_ENTERED,
  APP_TICKET,
]);

const JobMeta = {
  eventId: z.string().min(1),
  /** When the ingress received the request, in Unix milliseconds. */
  receivedAt: z.number().int().nonnegative(),
};

/** What a job on {@link FEISHU_EVENTS_QUEUE} carries; the job name is the event type. */
// Each of these mutants makes zod throw as this module loads, which fails every test that imports it;
// the vitest runner counts a test file that cannot load as no test at all, so they would show as
// survivors (https://github.com/stryker-mutator/stryker-js/issues/6150).
// Stryker disable StringLiteral,ObjectLiteral: killed at import, miscounted by the runner
export const FeishuEventJob = z.discriminatedUnion('eventType', [
  z.object({ ...JobMeta, eventType: z.literal(P2P_CHAT_CREATE), envelope: P2pChatCreateEnvelope }),
  z.object({ ...JobMeta, eventType: z.literal(BOT_P2P_CHAT_ENTERED), envelope: BotP2pChatEnteredEnvelope }),
  z.object({ ...JobMeta, eventType: z.literal(APP_TICKET), envelope: AppTicketEnvelope }),
]);
// Stryker restore StringLiteral,ObjectLiteral
export type FeishuEventJob = z.infer<typeof FeishuEventJob>;

/**
 * The BullMQ job id for a Feishu event id. BullMQ refuses custom ids that contain `:` or are integers,
 * so ids made of other characters are hashed; ordinary Feishu ids (hex) are kept readable.
 */
export function jobIdForEvent(eventId: string): string {
  if (/^[A-Za-z0-9_.-]{1,128}$/.test(eventId)) return `ev-${eventId}`;
  return `evh-${createHash('sha256').update(eventId).digest('hex')}`;
}

/** Options every event job is added with. */
export const FEISHU_EVENT_JOB_OPTIONS = {
  // Retries back off exponentially with jitter: 2 s, 4 s, … 2048 s, about an hour over 12 attempts.
  attempts: 12,
  backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
  removeOnComplete: { age: COMPLETED_JOB_RETENTION_S },
  removeOnFail: { age: FAILED_JOB_RETENTION_S },
} as const satisfies JobsOptions;
