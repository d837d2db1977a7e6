import type { Setting } from './dev-config.js';
import { redactRedisUrl } from './redact-redis-url.js';

export interface SandboxLayout {
  readonly eventMode: 'webhook' | 'websocket';
  readonly ingressPort: number;
  readonly ingressMetricsPort: number;
  readonly workerMetricsPort: number;
  readonly dashboardPort: number;
  readonly standInPort: number;
  readonly redisUrl: string;
  /** REDIS_URL is one node of a Redis Cluster (never the private Redis). */
  readonly redisCluster: boolean;
  /** Where the private Redis keeps its files; undefined when REDIS_URL chose the Redis. */
  readonly privateRedisDir: string | undefined;
  readonly queuePrefix: string;
  readonly appId: Setting;
  readonly verificationToken: Setting;
  readonly encryptKey: Setting;
  readonly dashboardUsername: Setting;
  readonly dashboardPassword: Setting;
}

/** BullMQ's own prefix, which the services and the sender default to. */
const DEFAULT_QUEUE_PREFIX = 'bull';

const local = (port: number, path: string) => `http://127.0.0.1:${port}${path}`;

/** A value for the command line: the sandbox's own in clear, one's own by reference to the shell's. */
const shellValue = (name: string, setting: Setting) => (setting.fromEnv ? `"$${name}"` : setting.value);

/** The one command that plays Feishu against this sandbox (see `send-test-event.ts`). */
export function sendTestEventCommand(layout: SandboxLayout): string {
  const intake =
    layout.eventMode === 'websocket'
      ? // The stand-in pushes the event down the ingress's long connection: no URL, token or key.
        ['FEISHU_EVENT_MODE=websocket']
      : [
          `INGRESS_URL=${local(layout.ingressPort, '')}`,
          `FEISHU_VERIFICATION_TOKEN=${shellValue('FEISHU_VERIFICATION_TOKEN', layout.verificationToken)}`,
          `FEISHU_ENCRYPT_KEY=${shellValue('FEISHU_ENCRYPT_KEY', layout.encryptKey)}`,
        ];
  return [
    ...intake,
    // The sender claims the sandbox app unless told otherwise, and the ingress refuses other apps.
    ...(layout.appId.fromEnv ? ['FEISHU_APP_ID="$FEISHU_APP_ID"'] : []),
    `STAND_IN_URL=${local(layout.standInPort, '')}`,
    // The queue too, so that a failed job is reported at once with Feishu's answer.
    `REDIS_URL=${layout.privateRedisDir === undefined ? '"$REDIS_URL"' : layout.redisUrl}`,
    ...(layout.redisCluster ? ['REDIS_CLUSTER=true'] : []),
    ...(layout.queuePrefix === DEFAULT_QUEUE_PREFIX ? [] : [`QUEUE_PREFIX=${layout.queuePrefix}`]),
    'pnpm send-test-event',
  ].join(' ');
}

/** What `pnpm dev` prints once everything answers: where each part is, and how to try it. */
export function sandboxBanner(layout: SandboxLayout): string[] {
  const login = layout.dashboardPassword.fromEnv
    ? `login ${layout.dashboardUsername.value} / your DASHBOARD_PASSWORD`
    : `login ${layout.dashboardUsername.value} / ${layout.dashboardPassword.value}`;
  const redis =
    layout.privateRedisDir === undefined
      ? `${redactRedisUrl(layout.redisUrl)} (REDIS_URL)`
      : `${layout.redisUrl} (a private redis-server, append-only file in ${layout.privateRedisDir}; removed on stop)`;
  return [
    'feishu-welcome sandbox is up; Ctrl-C stops everything.',
    layout.eventMode === 'websocket'
      ? `  events                  over the long connection from the stand-in (FEISHU_EVENT_MODE=websocket)`
      : `  webhook (request URL)   ${local(layout.ingressPort, '/webhook/event')}`,
    `  dashboard               ${local(layout.dashboardPort, '/admin/queues')}  ${login}`,
    `  Feishu stand-in         ${local(layout.standInPort, '/__stand-in/messages')}`,
    `  metrics                 ingress ${local(layout.ingressMetricsPort, '/metrics')}, worker ${local(layout.workerMetricsPort, '/metrics')}`,
    `  redis                   ${redis}`,
    'To send a test event, run in another terminal:',
    `  ${sendTestEventCommand(layout)}`,
    'Add --fault permanent (or throttle, server-error) to see a failure; --help lists them.',
  ];
}
