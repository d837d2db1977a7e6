import { randomUUID } from 'node:crypto';
import { makeUser, p2pChatCreate } from '@feishu-welcome/dev-kit';
import type { Redis } from 'ioredis';
import { countJobs } from '../load-ingress.js';
import { askHandled } from '../process/ask-handled.js';
import { redisServerInfo } from '../report/memory.js';
import { startProcessSampler } from '../report/process-sampler.js';
import { type StandInProcess, startStandInProcess } from '../stand-in/start-stand-in-process.js';
import { type WsClientKind, WS_CLIENT_KINDS, WS_CLIENT_LABELS, startWsClient } from './start-ws-client.js';
import { type WsRunFigures, summariseWsLoad } from './summarise-ws-load.js';
import type { WsPlan } from './ws-plan.js';

/** A saturating run with its window, and the CPU of each process while it ran. */
export interface WsMaxRun extends WsRunFigures {
  readonly window: number;
  /** Cores busy during the run (1 = one core): the client, the stand-in pushing, Redis. */
  readonly cpu: { readonly client: number; readonly standIn: number; readonly redis: number };
}

export interface WsClientFigures {
  readonly kind: WsClientKind;
  /** One per window, before its saturating run; their figures are thrown away. */
  readonly warmups: readonly WsRunFigures[];
  readonly max: readonly WsMaxRun[];
  readonly fixed: WsRunFigures;
  /** The rate `fixed` was asked for, events/s. */
  readonly fixedRate: number;
  /** Pushes over every run, the warm-up included, each with an event id of its own. */
  readonly totalPushed: number;
  /** First attempts acknowledged with 200 over every run. */
  readonly totalAcked: number;
  /** (c): jobs in Redis after the runs. (b): calls of the SDK handler. */
  readonly processed: number;
  readonly peakRssBytes: number;
}

/** One run of the stand-in's load generator, with a new event (and so new event ids) each time. */
async function load(
  standIn: StandInProcess,
  limits: { count: number; window?: number; ratePerSecond?: number },
) {
  return summariseWsLoad(await standIn.wsLoad({ event: p2pChatCreate(makeUser()), ...limits }));
}

async function benchClient(
  kind: WsClientKind,
  plan: WsPlan,
  standIn: StandInProcess,
  redis: Redis,
  redisUrl: string,
): Promise<WsClientFigures> {
  const queuePrefix = `bench-ws-${randomUUID()}`;
  const client = await startWsClient(kind, { standIn, redisUrl, queuePrefix });
  const rss = startProcessSampler();
  rss.watch(kind, client.pid);
  const redisPid = Number(await redisServerInfo(redis, 'process_id'));
  try {
    const warmups: WsRunFigures[] = [];
    const max: WsMaxRun[] = [];
    for (const window of plan.windows) {
      // Each window its own warm-up: it warms the client and sizes the run to last about durationS.
      const warmup = await load(standIn, { count: plan.warmupEvents, window });
      warmups.push(warmup);
      const count = Math.round(warmup.eventsPerSecond * plan.durationS * 1.2);
      const cpu = startProcessSampler();
      cpu.watch('client', client.pid);
      cpu.watch('standIn', standIn.process.pid);
      cpu.watch('redis', redisPid);
      const run = await load(standIn, { count, window });
      const { cpuCores } = await cpu.stop();
      max.push({
        ...run,
        window,
        cpu: {
          client: cpuCores['client'] ?? 0,
          standIn: cpuCores['standIn'] ?? 0,
          redis: cpuCores['redis'] ?? 0,
        },
      });
    }
    const fixed = await load(standIn, {
      count: plan.fixedRate * plan.fixedDurationS,
      ratePerSecond: plan.fixedRate,
    });
    const all = [...warmups, ...max, fixed];
    const processed =
      kind === 'ingress-ws' ? await countJobs(redisUrl, queuePrefix) : await askHandled(client.child);
    return {
      kind,
      warmups,
      max,
      fixed,
      fixedRate: plan.fixedRate,
      totalPushed: all.reduce((sum, run) => sum + run.pushed, 0),
      totalAcked: all.reduce((sum, run) => sum + run.acked, 0),
      processed,
      peakRssBytes: (await rss.stop()).peakRssBytes[kind] ?? 0,
    };
  } catch (error) {
    throw new Error(
      `${WS_CLIENT_LABELS[kind]}: ${error instanceof Error ? error.message : String(error)}\n${client.output()}`,
      { cause: error },
    );
  } finally {
    await rss.stop();
    await client.stop();
  }
}

/**
 * Events through one long connection: the SDK's WSClient with an empty handler, then our ingress in
 * websocket mode storing each event in Redis, one at a time, against one stand-in in a process of its
 * own that pushes and times every acknowledgement.
 */
export async function benchWebsocket(
  plan: WsPlan,
  redis: Redis,
  redisUrl: string,
  onClient: (figures: WsClientFigures) => void,
): Promise<WsClientFigures[]> {
  const standIn = await startStandInProcess({ perSecond: 0, perMinute: 0, perReceiverPerSecond: 0 });
  try {
    const results: WsClientFigures[] = [];
    for (const kind of WS_CLIENT_KINDS) {
      const figures = await benchClient(kind, plan, standIn, redis, redisUrl);
      onClient(figures);
      results.push(figures);
    }
    return results;
  } finally {
    await standIn.process.stop();
  }
}
