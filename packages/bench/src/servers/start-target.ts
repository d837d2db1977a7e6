import { randomUUID } from 'node:crypto';
import { TEST_APP, freePort, waitFor } from '@feishu-welcome/dev-kit';
import { benchScript } from '../process/bench-script.js';
import { spawnNode } from '../process/spawn-node.js';
import { waitForPort } from '../process/wait-for-port.js';
import type { RunningTarget, TargetKind } from './target.js';

export interface StartTargetOptions {
  readonly redisUrl: string;
  /** The ingress's BullMQ prefix. */
  readonly queuePrefix?: string;
  /** Flags for node, e.g. `--cpu-prof`. */
  readonly execArgv?: readonly string[];
  /** More of the ingress's environment, e.g. `ENQUEUE_MIN_REPLICAS`. */
  readonly env?: Readonly<Record<string, string>>;
}

async function startIngress(port: number, options: StartTargetOptions): Promise<RunningTarget> {
  const metricsPort = await freePort();
  const ingress = spawnNode('apps/ingress/dist/main.js', {
    env: {
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: options.queuePrefix ?? `bench-${randomUUID()}`,
      FEISHU_VERIFICATION_TOKEN: TEST_APP.verificationToken,
      FEISHU_ENCRYPT_KEY: TEST_APP.encryptKey,
      FEISHU_APP_ID: TEST_APP.appId,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    ...(options.execArgv ? { execArgv: options.execArgv } : {}),
  });
  await waitFor(
    'the ingress to be ready',
    async () => (await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).ok,
    { timeoutMs: 20_000, intervalMs: 50 },
  ).catch((error: unknown) => {
    throw new Error(`the ingress did not start:\n${ingress.output()}`, { cause: error });
  });
  await waitForPort(port, 'the ingress port');
  return { kind: 'ingress', url: `http://127.0.0.1:${port}/webhook/event`, process: ingress };
}

/** Starts one of the three servers on a free loopback port and waits until it answers. */
export async function startTarget(kind: TargetKind, options: StartTargetOptions): Promise<RunningTarget> {
  const port = await freePort();
  if (kind === 'ingress') return await startIngress(port, options);
  const server = spawnNode(benchScript(`servers/${kind}.js`), {
    env: { PORT: String(port) },
    ipc: kind === 'feishu-sdk',
    ...(options.execArgv ? { execArgv: options.execArgv } : {}),
  });
  await waitForPort(port, `the ${kind} server`).catch((error: unknown) => {
    throw new Error(`the ${kind} server did not start:\n${server.output()}`, { cause: error });
  });
  return { kind, url: `http://127.0.0.1:${port}/webhook/event`, process: server };
}
