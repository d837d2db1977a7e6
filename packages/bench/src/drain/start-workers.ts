import { TEST_APP, freePort, waitFor } from '@feishu-welcome/dev-kit';
import { type NodeProcess, spawnNode } from '../process/spawn-node.js';

export interface WorkerSettings {
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly feishuUrl: string;
  readonly perSecond: number;
  readonly perMinute: number;
  /** @defaultValue the worker's own default (16) */
  readonly concurrency?: number;
  /** `store`: a marketplace app, a token per tenant from the pushed app_ticket. @defaultValue `self-built` */
  readonly appType?: 'self-built' | 'store';
  /** Flags for node, e.g. `--cpu-prof`. */
  readonly execArgv?: readonly string[];
}

/** Starts `count` worker processes (`apps/worker/dist/main.js`) at once, each with its own metrics port. */
export async function startWorkers(count: number, settings: WorkerSettings): Promise<NodeProcess[]> {
  const workers: NodeProcess[] = [];
  const ready: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const metricsPort = await freePort();
    const worker = spawnNode('apps/worker/dist/main.js', {
      env: {
        REDIS_URL: settings.redisUrl,
        QUEUE_PREFIX: settings.queuePrefix,
        FEISHU_APP_ID: TEST_APP.appId,
        FEISHU_APP_SECRET: TEST_APP.appSecret,
        FEISHU_DOMAIN: settings.feishuUrl,
        SEND_RATE_PER_SECOND: String(settings.perSecond),
        SEND_RATE_PER_MINUTE: String(settings.perMinute),
        METRICS_PORT: String(metricsPort),
        LOG_LEVEL: 'warn',
        ...(settings.appType === undefined ? {} : { FEISHU_APP_TYPE: settings.appType }),
        ...(settings.concurrency === undefined ? {} : { WORKER_CONCURRENCY: String(settings.concurrency) }),
      },
      ...(settings.execArgv ? { execArgv: settings.execArgv } : {}),
    });
    workers.push(worker);
    ready.push(
      waitFor(
        'a worker to be ready',
        async () => (await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).ok,
        {
          timeoutMs: 30_000,
          intervalMs: 50,
        },
      ).catch((error: unknown) => {
        throw new Error(`a worker did not start:\n${worker.output()}`, { cause: error });
      }),
    );
  }
  await Promise.all(ready);
  return workers;
}
