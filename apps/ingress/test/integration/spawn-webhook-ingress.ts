import { TEST_APP, freePort, spawnService, type SpawnedService } from '@feishu-welcome/testing';

export interface SpawnedWebhookIngress {
  readonly service: SpawnedService;
  /** The webhook's base URL. */
  readonly url: string;
  /** The ops port's base URL (`/readyz`, `/metrics`). */
  readonly opsUrl: string;
}

/** The built ingress, in webhook mode for the test app, on free ports; `env` adds to or overrides it. */
export async function spawnWebhookIngress(env: Record<string, string>): Promise<SpawnedWebhookIngress> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const service = spawnService('apps/ingress/dist/main.js', {
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    FEISHU_VERIFICATION_TOKEN: TEST_APP.verificationToken,
    FEISHU_ENCRYPT_KEY: TEST_APP.encryptKey,
    ...env,
  });
  return { service, url: `http://127.0.0.1:${port}`, opsUrl: `http://127.0.0.1:${metricsPort}` };
}
