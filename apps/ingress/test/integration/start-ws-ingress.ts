import { startFeishuStandIn, type RunningFeishuStandIn } from '@feishu-welcome/feishu-stand-in';
import type { LongConnectionOptions } from '@feishu-welcome/feishu-stand-in';
import {
  FEISHU_EVENTS_QUEUE,
  createLogger,
  jobIdForEvent,
  redisSettings,
  type Logger,
} from '@feishu-welcome/shared';
import { TEST_APP, uniqueQueueName, waitFor } from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import {
  startIngress,
  type LongConnectionDeps,
  type RunningWebsocketIngress,
} from '../../src/start-ingress.js';
import type { WebsocketIngressConfig } from '../../src/ingress-config.js';

/**
 * A websocket-mode ingress's configuration for tests: the test app, on `redisUrl` under `queuePrefix`
 * (a single Redis), Feishu at `feishuBaseUrl`, metrics on a free port, silent.
 */
export function wsIngressConfig(options: {
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly feishuBaseUrl: string;
  readonly appSecret?: string;
  /** ENQUEUE_MIN_REPLICAS; 0 when unset. */
  readonly enqueueMinReplicas?: number;
}): WebsocketIngressConfig {
  return {
    mode: 'websocket',
    ...redisSettings({
      REDIS_URL: options.redisUrl,
      REDIS_CLUSTER: false,
      QUEUE_PREFIX: options.queuePrefix,
    }),
    metricsPort: 0,
    appId: TEST_APP.appId,
    appSecret: options.appSecret ?? TEST_APP.appSecret,
    feishuBaseUrl: options.feishuBaseUrl,
    logLevel: 'silent',
    enqueueTimeoutMs: 1_000,
    enqueueMinReplicas: options.enqueueMinReplicas ?? 0,
  };
}

/** The stand-in's long connection, quick enough for tests: re-pushes every 300 ms for 9 s, not after 15 s. */
export const QUICK_LONG_CONNECTION: LongConnectionOptions = {
  pingIntervalSeconds: 120,
  reconnectIntervalSeconds: 1,
  reconnectNonceSeconds: 0,
  ackTimeoutMs: 3_000,
  repushDelaysMs: Array.from({ length: 30 }, () => 300),
};

export interface WsIngressRig {
  readonly standIn: RunningFeishuStandIn;
  readonly queuePrefix: string;
  /** The ingress's queue, read through a connection of the test's own. */
  readonly queue: Queue;
  /** Starts one more ingress on the same queue and stand-in. */
  startIngress(options?: { log?: Logger; appSecret?: string }): Promise<RunningWebsocketIngress>;
  jobCount(): Promise<number>;
  hasJobFor(eventId: string): Promise<boolean>;
  /** Resolves once the event's delivery is acknowledged with code 200. */
  acked(eventId: string): Promise<void>;
  close(): Promise<void>;
}

/** A stand-in with the long connection, and websocket-mode ingresses under a fresh queue prefix. */
export async function startWsRig(options: {
  redisUrl: string;
  longConnection?: LongConnectionOptions;
  ingress?: LongConnectionDeps;
  /** ENQUEUE_MIN_REPLICAS; 0 when unset. */
  enqueueMinReplicas?: number;
}): Promise<WsIngressRig> {
  const standIn = await startFeishuStandIn({
    appId: TEST_APP.appId,
    appSecret: TEST_APP.appSecret,
    longConnection: options.longConnection ?? QUICK_LONG_CONNECTION,
  });
  const queuePrefix = uniqueQueueName();
  const queue = new Queue(FEISHU_EVENTS_QUEUE, {
    connection: { url: options.redisUrl },
    prefix: queuePrefix,
  });
  queue.on('error', () => undefined);
  const ingresses: RunningWebsocketIngress[] = [];
  return {
    standIn,
    queuePrefix,
    queue,
    async startIngress(extra = {}) {
      const ingress = await startIngress(
        wsIngressConfig({
          redisUrl: options.redisUrl,
          queuePrefix,
          feishuBaseUrl: standIn.url,
          ...(extra.appSecret === undefined ? {} : { appSecret: extra.appSecret }),
          ...(options.enqueueMinReplicas === undefined
            ? {}
            : { enqueueMinReplicas: options.enqueueMinReplicas }),
        }),
        {
          log: extra.log ?? createLogger({ name: 'ingress-test', level: 'silent' }),
          longConnection: options.ingress,
        },
      );
      ingresses.push(ingress);
      return ingress;
    },
    jobCount: async () => Object.values(await queue.getJobCounts()).reduce((a, b) => a + b, 0),
    hasJobFor: async (eventId) => (await queue.getJob(jobIdForEvent(eventId))) !== undefined,
    async acked(eventId) {
      await waitFor(`event ${eventId} to be acknowledged`, () =>
        standIn.wsDeliveries({ eventId }).some((delivery) => delivery.acked),
      );
    },
    async close() {
      await Promise.all(ingresses.map((ingress) => ingress.close()));
      await standIn.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    },
  };
}

/** The value of one series on the ingress's registry, 0 when absent. */
export async function metricValue(
  ingress: RunningWebsocketIngress,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = await ingress.registry.getSingleMetric(name)?.get();
  const match = metric?.values.find((value) =>
    Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted),
  );
  return match?.value ?? 0;
}
