import type { Setting } from './dev-config.js';

export interface SandboxLayout {
  readonly ingressPort: number;
  readonly ingressMetricsPort: number;
  readonly workerMetricsPort: number;
  readonly dashboardPort: number;
  readonly standInPort: number;
  readonly redisUrl: string;
  readonly privateRedis: boolean;
  readonly appId: Setting;
  readonly verificationToken: Setting;
  readonly encryptKey: Setting;
  readonly dashboardUsername: Setting;
  readonly dashboardPassword: Setting;
}

const local = (port: number, path: string) => `http://127.0.0.1:${port}${path}`;

/** A value for the command line: the sandbox's own in clear, one's own by reference to the shell's. */
const shellValue = (name: string, setting: Setting) => (setting.fromEnv ? `"$${name}"` : setting.value);

/** The one command that plays Feishu against this sandbox (see `send-test-event.ts`). */
export function sendTestEventCommand(layout: SandboxLayout): string {
  return [
    `INGRESS_URL=${local(layout.ingressPort, '')}`,
    `FEISHU_VERIFICATION_TOKEN=${shellValue('FEISHU_VERIFICATION_TOKEN', layout.verificationToken)}`,
    `FEISHU_ENCRYPT_KEY=${shellValue('FEISHU_ENCRYPT_KEY', layout.encryptKey)}`,
    // The sender claims the sandbox app unless told otherwise, and the ingress refuses other apps.
    ...(layout.appId.fromEnv ? ['FEISHU_APP_ID="$FEISHU_APP_ID"'] : []),
    `STAND_IN_URL=${local(layout.standInPort, '')}`,
    'pnpm send-test-event',
  ].join(' ');
}

/** What `pnpm dev` prints once everything answers: where each part is, and how to try it. */
export function sandboxBanner(layout: SandboxLayout): string[] {
  const login = layout.dashboardPassword.fromEnv
    ? `login ${layout.dashboardUsername.value} / your DASHBOARD_PASSWORD`
    : `login ${layout.dashboardUsername.value} / ${layout.dashboardPassword.value}`;
  const redis = layout.privateRedis
    ? `${layout.redisUrl} (a private redis-server; nothing is kept on disk)`
    : layout.redisUrl;
  return [
    'feishu-welcome sandbox is up; Ctrl-C stops everything.',
    `  webhook (request URL)   ${local(layout.ingressPort, '/webhook/event')}`,
    `  dashboard               ${local(layout.dashboardPort, '/admin/queues')}  ${login}`,
    `  Feishu stand-in         ${local(layout.standInPort, '/__stand-in/messages')}`,
    `  metrics                 ingress ${local(layout.ingressMetricsPort, '/metrics')}, worker ${local(layout.workerMetricsPort, '/metrics')}`,
    `  redis                   ${redis}`,
    'To send a test event, run in another terminal:',
    `  ${sendTestEventCommand(layout)}`,
  ];
}
