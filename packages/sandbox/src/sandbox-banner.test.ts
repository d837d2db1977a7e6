import { describe, expect, it } from 'vitest';
import { type SandboxLayout, sandboxBanner, sendTestEventCommand } from './sandbox-banner.js';

const sandbox = (value: string) => ({ value, fromEnv: false });
const own = (value: string) => ({ value, fromEnv: true });

const LAYOUT: SandboxLayout = {
  eventMode: 'webhook',
  ingressPort: 3000,
  ingressMetricsPort: 9464,
  workerMetricsPort: 9465,
  dashboardPort: 3001,
  standInPort: 3100,
  redisUrl: 'redis://127.0.0.1:40123',
  redisCluster: false,
  privateRedisDir: '/tmp/feishu-welcome-redis-abc',
  queuePrefix: 'bull',
  appId: sandbox('cli_a1b2c3d4e5f60718'),
  verificationToken: sandbox('sandbox-verification-token'),
  encryptKey: sandbox('sandbox-encrypt-key'),
  dashboardUsername: sandbox('admin'),
  dashboardPassword: sandbox('admin'),
};

describe('sandboxBanner', () => {
  it('says where everything is and prints the sandbox login', () => {
    const text = sandboxBanner(LAYOUT).join('\n');
    expect(text).toContain('http://127.0.0.1:3000/webhook/event');
    expect(text).toContain('http://127.0.0.1:3001/admin/queues  login admin / admin');
    expect(text).toContain('http://127.0.0.1:3100/__stand-in/messages');
    expect(text).toContain('ingress http://127.0.0.1:9464/metrics, worker http://127.0.0.1:9465/metrics');
    expect(text).toContain(
      'redis://127.0.0.1:40123 (a private redis-server, append-only file in /tmp/feishu-welcome-redis-abc',
    );
    expect(text).toMatch(/send a test event/i);
  });

  it('gives the exact command that sends a test event to this sandbox', () => {
    expect(sendTestEventCommand(LAYOUT)).toBe(
      'INGRESS_URL=http://127.0.0.1:3000 FEISHU_VERIFICATION_TOKEN=sandbox-verification-token ' +
        'FEISHU_ENCRYPT_KEY=sandbox-encrypt-key STAND_IN_URL=http://127.0.0.1:3100 ' +
        'REDIS_URL=redis://127.0.0.1:40123 pnpm send-test-event',
    );
  });

  it("names one's own Redis by reference, its password hidden, and passes a queue prefix of one's own", () => {
    const layout = {
      ...LAYOUT,
      redisUrl: 'redis://:my-real-password@redis.internal:6379',
      privateRedisDir: undefined,
      queuePrefix: 'sandbox',
    };
    expect(sendTestEventCommand(layout)).toContain('REDIS_URL="$REDIS_URL" QUEUE_PREFIX=sandbox pnpm');
    const text = sandboxBanner(layout).join('\n');
    expect(text).toContain('redis://:***@redis.internal:6379 (REDIS_URL)');
    expect(text).not.toMatch(/my-real/);
  });

  it("tells the sender that one's own Redis is a cluster", () => {
    const layout = {
      ...LAYOUT,
      redisUrl: 'redis://node-1:7000',
      redisCluster: true,
      privateRedisDir: undefined,
    };
    expect(sendTestEventCommand(layout)).toContain('REDIS_URL="$REDIS_URL" REDIS_CLUSTER=true pnpm');
  });

  it("never prints secrets of one's own, only references to them", () => {
    const layout = {
      ...LAYOUT,
      appId: own('cli_0000000000000001'),
      verificationToken: own('my-real-token'),
      encryptKey: own('my-real-key'),
      dashboardPassword: own('my-real-password'),
    };
    const text = sandboxBanner(layout).join('\n');
    expect(text).not.toMatch(/my-real/);
    expect(sendTestEventCommand(layout)).toContain(
      'FEISHU_VERIFICATION_TOKEN="$FEISHU_VERIFICATION_TOKEN" FEISHU_ENCRYPT_KEY="$FEISHU_ENCRYPT_KEY" FEISHU_APP_ID="$FEISHU_APP_ID"',
    );
  });

  it('in websocket mode points at the long connection and sends the test event through the stand-in', () => {
    const layout: SandboxLayout = { ...LAYOUT, eventMode: 'websocket' };
    const text = sandboxBanner(layout).join('\n');
    expect(text).not.toContain('/webhook/event');
    expect(text).toMatch(/long connection/);
    const command = sendTestEventCommand(layout);
    expect(command).toMatch(/^FEISHU_EVENT_MODE=websocket /);
    expect(command).toContain('STAND_IN_URL=http://127.0.0.1:3100');
    expect(command).not.toMatch(/INGRESS_URL|FEISHU_VERIFICATION_TOKEN|FEISHU_ENCRYPT_KEY/);
  });
});
