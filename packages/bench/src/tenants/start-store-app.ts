import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@feishu-welcome/dev-kit';
import { FEISHU_EVENTS_QUEUE } from '@feishu-welcome/shared';
import { Queue } from 'bullmq';
import { startWorkers } from '../drain/start-workers.js';
import type { NodeProcess } from '../process/spawn-node.js';
import {
  type StandInLimits,
  type StandInProcess,
  startStandInProcess,
} from '../stand-in/start-stand-in-process.js';
import { startTarget } from '../servers/start-target.js';

export interface StoreAppSettings {
  readonly redisUrl: string;
  readonly workers: number;
  /** The stand-in's limits, per tenant. */
  readonly standIn: StandInLimits;
  /** The workers' `SEND_RATE_PER_SECOND` / `_MINUTE`, per tenant. */
  readonly perSecond: number;
  readonly perMinute: number;
}

/** A store app's pipeline with its `app_ticket` kept and nothing else queued. */
export interface StoreApp {
  readonly queue: Queue;
  readonly standIn: StandInProcess;
  readonly workers: readonly NodeProcess[];
  stop(): Promise<void>;
}

/** Whether the queue has nothing waiting, active or delayed, and at least `completed` jobs completed. */
async function settled(queue: Queue, completed: number): Promise<boolean> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed');
  const pending = (counts['waiting'] ?? 0) + (counts['active'] ?? 0) + (counts['delayed'] ?? 0);
  return pending === 0 && (counts['completed'] ?? 0) >= completed;
}

/**
 * A marketplace app end to end, as in production: the stand-in in store mode pushes its `app_ticket`
 * to the ingress (`apps/ingress`, webhook mode), which queues it; the worker processes
 * (`FEISHU_APP_TYPE=store`) keep it and fetch one token per tenant. Resolves once every ticket push
 * has been processed (a worker starting without the ticket asks for a resend, so there may be two),
 * and their jobs are cleaned away, so that what is queued next is drained by workers that have the
 * ticket, and the queue's counts are the bench's events only.
 */
export async function startStoreApp(settings: StoreAppSettings): Promise<StoreApp> {
  const prefix = `bench-tenants-${randomUUID()}`;
  const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection: { url: settings.redisUrl }, prefix });
  const started: NodeProcess[] = [];
  const workers: NodeProcess[] = [];
  const stop = async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGTERM', 20_000)));
    await Promise.all(started.map((process) => process.stop()));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  };
  try {
    const ingress = await startTarget('ingress', { redisUrl: settings.redisUrl, queuePrefix: prefix });
    started.push(ingress.process);
    const standIn = await startStandInProcess(settings.standIn, { ticketWebhookUrl: ingress.url });
    started.push(standIn.process);
    await waitFor('the app_ticket push', async () => (await standIn.ticketsPushed()) >= 1, {
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    workers.push(
      ...(await startWorkers(settings.workers, {
        redisUrl: settings.redisUrl,
        queuePrefix: prefix,
        feishuUrl: standIn.url,
        perSecond: settings.perSecond,
        perMinute: settings.perMinute,
        appType: 'store',
      })),
    );
    // A resend asked for at start-up may still be on its way: let it land, then wait for its job too.
    await sleep(300);
    await waitFor('the app_ticket to be kept', async () => settled(queue, await standIn.ticketsPushed()), {
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    await queue.clean(0, 0, 'completed');
    return { queue, standIn, workers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
