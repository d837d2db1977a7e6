import { setTimeout as sleep } from 'node:timers/promises';
import type { Queue } from 'bullmq';
import { type BurstJob, addJobs, makeBurstJobs } from '../drain/burst-jobs.js';
import { waitForDelivered } from '../drain/drain.js';
import { duplicatedReceivers } from '../drain/duplicated-receivers.js';
import { minimumDrainSeconds } from '../drain/minimum-drain.js';
import { WINDOW_PADDING_S } from '../drain/worker-windows.js';
import { type LatencySummary, summariseLatencies } from '../report/percentiles.js';
import type { StandInProcess } from '../stand-in/start-stand-in-process.js';
import { startStoreApp } from './start-store-app.js';
import { type TenantPlan, tenantMinimums } from './tenant-plan.js';
import { spansByTenant, welcomeLatencies } from './tenant-spans.js';
import { type TenantPeaks, busiestTenantWindows } from './window-peaks.js';

export const BIG_TENANT = 'tenant-big';
const smallTenant = (i: number) => `tenant-small-${i}`;
const quietTenant = (i: number) => `tenant-quiet-${i}`;

export interface TenantDrainFigures {
  readonly workers: number;
  /** The big tenant's minimum, first send to last: the least the per-tenant limits allow the drain. */
  readonly minimumS: number;
  /** The same under the worker's padded windows (1.05 s, 60.05 s). */
  readonly workerFloorS: number;
  /** A small tenant's minimum. */
  readonly smallMinimumS: number;
  /** Backlog enqueued (first `addBulk` called) → the backlog's last message at the stand-in. */
  readonly backlogToLastS: number;
  /** The big tenant's first message → its last. */
  readonly bigFirstToLastS: number;
  /** Backlog enqueued → the last small tenant's last message. */
  readonly smallDoneS: number;
  /** Enqueue → welcome of single quiet-tenant events on the idle pipeline, before the backlog. */
  readonly idle: LatencySummary;
  /** The same while the backlog drains. */
  readonly behindBacklog: LatencySummary;
  /** Of those, the events enqueued before the last small tenant's last message… */
  readonly whileSmallDrain: LatencySummary;
  /** …and after it, when only the big tenant's backlog was left. */
  readonly bigOnly: LatencySummary;
  /** Quiet events never welcomed (in both phases). */
  readonly quietMissing: number;
  readonly expected: number;
  readonly delivered: number;
  /** Sends refused: throttled (429), or another tenant's chat (230038) or a bad token. */
  readonly throttled: number;
  readonly rejected: number;
  /** Sends answered with an earlier send's message (the same uuid sent again). */
  readonly deduplicated: number;
  readonly duplicatedReceivers: number;
  /** The busiest tenant's sends, every attempt counted, in any 1 s and 60 s window. */
  readonly busiest: TenantPeaks;
  readonly completed: number;
  readonly failed: number;
}

/** Adds `jobs` one by one every `intervalMs` (on a fixed schedule), noting when each was added. */
async function trickle(
  queue: Queue,
  jobs: readonly BurstJob[],
  intervalMs: number,
  enqueuedAt: Map<string, number>,
) {
  const start = Date.now();
  for (const [i, job] of jobs.entries()) {
    await sleep(Math.max(0, start + i * intervalMs - Date.now()));
    enqueuedAt.set(job.chatId, Date.now());
    await queue.add(job.name, job.data, job.opts);
  }
}

/** Tells the stand-in which tenant owns each chat, a few requests at a time. */
async function assignChats(standIn: StandInProcess, jobs: readonly BurstJob[]) {
  for (let i = 0; i < jobs.length; i += 50) {
    await Promise.all(jobs.slice(i, i + 50).map((job) => standIn.assignChat(job.chatId, job.tenantKey)));
  }
}

/**
 * One multi-tenant drain of a store app: quiet tenants' single events on the idle pipeline first (the
 * latency's baseline), then every tenant's backlog at once (the big tenant's first, the worst order
 * for it to be fair), and while it drains, a quiet tenant's single event every `quietIntervalMs`
 * until the big tenant's minimum has passed. Every chat is assigned to its tenant at the stand-in, so
 * a welcome sent with another tenant's token would be refused.
 */
export async function runTenantDrain(
  plan: TenantPlan,
  workers: number,
  redisUrl: string,
): Promise<TenantDrainFigures> {
  const minimums = tenantMinimums(plan);
  const limits = { perSecond: plan.perSecond, perMinute: plan.perMinute };
  const app = await startStoreApp({ redisUrl, workers, standIn: limits, ...limits });
  try {
    const now = Date.now();
    const big = makeBurstJobs(plan.bigBacklog, now, BIG_TENANT);
    const small = Array.from({ length: plan.smallTenants }, (_, i) =>
      makeBurstJobs(plan.smallBacklog, now, smallTenant(i)),
    );
    const quietCount = Math.ceil((minimums.bigS * 1000) / plan.quietIntervalMs);
    const quietOf = (count: number) =>
      Array.from({ length: count }).flatMap((_, i) =>
        makeBurstJobs(1, now, quietTenant(i % plan.quietTenants)),
      );
    const idleJobs = quietOf(plan.idleEvents);
    const quietJobs = quietOf(quietCount);
    const backlog = [...big, ...small.flat()];
    await assignChats(app.standIn, [...backlog, ...idleJobs, ...quietJobs]);

    const idleAt = new Map<string, number>();
    await trickle(app.queue, idleJobs, plan.idleIntervalMs, idleAt);
    await waitForDelivered(() => app.standIn.stats(), idleJobs.length, Date.now() + 30_000);

    const expected = idleJobs.length + backlog.length + quietJobs.length;
    const quietAt = new Map<string, number>();
    const backlogAt = Date.now();
    await addJobs(app.queue, backlog);
    await trickle(app.queue, quietJobs, plan.quietIntervalMs, quietAt);
    await waitForDelivered(() => app.standIn.stats(), expected, backlogAt + minimums.bigS * 2000 + 60_000);
    // Give the last jobs a moment to be marked completed after their send.
    await sleep(500);

    const messages = await app.standIn.messages();
    const sends = (await app.standIn.requests()).filter((request) => request.endpoint === 'messages');
    const stats = await app.standIn.stats();
    const counts = await app.queue.getJobCounts('completed', 'failed');
    const spans = spansByTenant(messages);
    const bigSpan = spans.get(BIG_TENANT);
    const smallLasts = small.map((_, i) => spans.get(smallTenant(i))?.last ?? Number.NaN);
    const backlogLast = Math.max(bigSpan?.last ?? Number.NaN, ...smallLasts);
    const idle = welcomeLatencies(idleAt, messages);
    const quiet = welcomeLatencies(quietAt, messages);
    const smallDoneAt = Math.max(...smallLasts);
    const quietBefore = new Map([...quietAt].filter(([, at]) => at <= smallDoneAt));
    const quietAfter = new Map([...quietAt].filter(([, at]) => at > smallDoneAt));
    return {
      workers,
      minimumS: minimums.bigS,
      workerFloorS: minimumDrainSeconds(plan.bigBacklog, plan.perSecond, plan.perMinute, {
        secondS: 1 + WINDOW_PADDING_S,
        minuteS: 60 + WINDOW_PADDING_S,
      }),
      smallMinimumS: minimums.smallS,
      backlogToLastS: (backlogLast - backlogAt) / 1000,
      bigFirstToLastS: bigSpan ? (bigSpan.last - bigSpan.first) / 1000 : Number.NaN,
      smallDoneS: (smallDoneAt - backlogAt) / 1000,
      idle: summariseLatencies(idle.latenciesMs),
      behindBacklog: summariseLatencies(quiet.latenciesMs),
      whileSmallDrain: summariseLatencies(welcomeLatencies(quietBefore, messages).latenciesMs),
      bigOnly: summariseLatencies(welcomeLatencies(quietAfter, messages).latenciesMs),
      quietMissing: idle.missing + quiet.missing,
      expected,
      delivered: messages.length,
      throttled: stats.throttled,
      rejected: stats.rejected,
      deduplicated: stats.deduplicated,
      duplicatedReceivers: duplicatedReceivers(messages),
      busiest: busiestTenantWindows(sends),
      completed: counts['completed'] ?? 0,
      failed: counts['failed'] ?? 0,
    };
  } finally {
    await app.stop();
  }
}
