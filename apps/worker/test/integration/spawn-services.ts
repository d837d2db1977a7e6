import { TEST_APP, freePort, spawnService, type SpawnedService } from '@feishu-welcome/testing';

/** The dashboard login of {@link spawnServices}. */
export const DASHBOARD_LOGIN = { username: 'ops', password: 'dashboard-login' };

export interface Services {
  /** `http://127.0.0.1:<PORT>` of the webhook-mode ingress, and of the worker's and dashboard's ports. */
  readonly urls: { readonly ingress: string; readonly worker: string; readonly dashboard: string };
  /** The ingress, the worker and the dashboard, in that order. */
  readonly all: readonly SpawnedService[];
  readonly kill: () => Promise<void>;
}

/**
 * The three services as built processes, on free ports, each with `common` (REDIS_URL and such) over
 * the test app, sending to the Feishu (stand-in) at `feishuUrl`.
 */
export async function spawnServices(common: Record<string, string>, feishuUrl: string): Promise<Services> {
  const [ingressPort, ingressMetrics, workerPort, dashboardPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const all = [
    spawnService('apps/ingress/dist/main.js', {
      ...common,
      PORT: String(ingressPort),
      METRICS_PORT: String(ingressMetrics),
      FEISHU_VERIFICATION_TOKEN: TEST_APP.verificationToken,
      FEISHU_ENCRYPT_KEY: TEST_APP.encryptKey,
    }),
    spawnService('apps/worker/dist/main.js', {
      ...common,
      METRICS_PORT: String(workerPort),
      FEISHU_APP_ID: TEST_APP.appId,
      FEISHU_APP_SECRET: TEST_APP.appSecret,
      FEISHU_DOMAIN: feishuUrl,
    }),
    spawnService('apps/dashboard/dist/main.js', {
      ...common,
      DASHBOARD_PORT: String(dashboardPort),
      DASHBOARD_USERNAME: DASHBOARD_LOGIN.username,
      DASHBOARD_PASSWORD: DASHBOARD_LOGIN.password,
    }),
  ];
  const url = (port: number) => `http://127.0.0.1:${port}`;
  return {
    urls: { ingress: url(ingressPort), worker: url(workerPort), dashboard: url(dashboardPort) },
    all,
    kill: async () => {
      await Promise.all(all.map((service) => service.kill('SIGKILL')));
    },
  };
}
