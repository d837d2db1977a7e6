import { TEST_APP, freePort, waitFor } from '@feishu-welcome/dev-kit';
import { benchScript } from '../process/bench-script.js';
import { type NodeProcess, spawnNode } from '../process/spawn-node.js';
import type { StandInProcess } from '../stand-in/start-stand-in-process.js';

/** The long-connection clients compared, in the order they are measured: the baseline first. */
export const WS_CLIENT_KINDS = ['feishu-sdk-ws', 'ingress-ws'] as const;
export type WsClientKind = (typeof WS_CLIENT_KINDS)[number];

export const WS_CLIENT_LABELS: Record<WsClientKind, string> = {
  'feishu-sdk-ws': '(b) Feishu SDK WSClient',
  'ingress-ws': '(c) our ingress, websocket',
};

export interface WsClientOptions {
  readonly standIn: StandInProcess;
  readonly redisUrl: string;
  /** The ingress's BullMQ prefix. */
  readonly queuePrefix: string;
}

function spawnClient(kind: WsClientKind, metricsPort: number, options: WsClientOptions): NodeProcess {
  if (kind === 'feishu-sdk-ws') {
    return spawnNode(benchScript('servers/feishu-sdk-ws.js'), {
      env: { FEISHU_DOMAIN: options.standIn.url },
      ipc: true,
    });
  }
  return spawnNode('apps/ingress/dist/main.js', {
    env: {
      FEISHU_EVENT_MODE: 'websocket',
      FEISHU_APP_ID: TEST_APP.appId,
      FEISHU_APP_SECRET: TEST_APP.appSecret,
      FEISHU_DOMAIN: options.standIn.url,
      METRICS_PORT: String(metricsPort),
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: options.queuePrefix,
      LOG_LEVEL: 'warn',
    },
  });
}

/**
 * Starts one client in a process of its own and waits until it is the stand-in's only open long
 * connection (the previous client's has closed), so that every push of a load goes to it.
 */
export async function startWsClient(kind: WsClientKind, options: WsClientOptions): Promise<NodeProcess> {
  const client = spawnClient(kind, await freePort(), options);
  const onlyOpen = async (): Promise<boolean> =>
    (await options.standIn.wsConnections()).filter((c) => c.state === 'open').length === 1;
  await waitFor(`${WS_CLIENT_LABELS[kind]} to connect`, onlyOpen, {
    timeoutMs: 20_000,
    intervalMs: 50,
  }).catch(async (error: unknown) => {
    await client.stop();
    throw new Error(`${WS_CLIENT_LABELS[kind]} did not connect:\n${client.output()}`, { cause: error });
  });
  return client;
}
