import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadIngressConfig } from '../../apps/ingress/src/ingress-config.js';
import { loadWorkerConfig } from '../../apps/worker/src/worker-config.js';
import { loadSendTestEventConfig } from '../../packages/sandbox/src/send-test-event-config.js';
import { type ComposeFile, REPO, interpolate, readCompose, readDotEnv, readRepoFile } from './repo-files.js';

const compose = readCompose();
const serviceOf = (file: ComposeFile, name: string) => {
  const found = file.services[name];
  if (!found) throw new Error(`the Compose file has no service ${name}`);
  return found;
};
const service = (name: string) => serviceOf(compose, name);
const APPS = ['ingress', 'worker', 'dashboard'];

/** Compose durations as this file writes them: `30s`, `1m30s`. */
function seconds(duration: string | undefined): number {
  const match = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration ?? '');
  if (!duration || !match) throw new Error(`not a duration: ${duration}`);
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

describe('docker-compose.yml', () => {
  it('is a Compose Specification file, with no obsolete `version`', () => {
    expect(compose.version).toBeUndefined();
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['redis', ...APPS]));
  });

  it('starts only Redis and the three services without a profile', () => {
    const always = Object.entries(compose.services).filter(([, s]) => !s.profiles?.length);
    expect(always.map(([name]) => name).sort()).toEqual(['dashboard', 'ingress', 'redis', 'worker']);
  });

  it('keeps Redis durable: append-only file synced every second, no eviction, a named volume', () => {
    const redis = service('redis');
    expect(redis.image).toMatch(/^redis:7\.4-alpine$/);
    const args = (redis.command ?? []).join(' ');
    expect(args).toContain('--appendonly yes');
    expect(args).toContain('--appendfsync everysec');
    expect(args).toContain('--maxmemory-policy noeviction');
    const volume = redis.volumes?.find((v) => v.endsWith(':/data'))?.split(':')[0];
    expect(volume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    expect(String(redis.healthcheck?.test)).toMatch(/redis-cli ping/);
  });

  it.each(APPS)('starts %s only once Redis is healthy, restarts it, and checks its health', (name) => {
    const app = service(name);
    expect(app.depends_on?.['redis']?.condition).toBe('service_healthy');
    expect(app.restart).toBe('unless-stopped');
    expect(app.healthcheck?.test).toBeDefined();
  });

  it('lets the worker scale: no container name, no published ports', () => {
    const worker = service('worker');
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
  });

  it('gives the worker longer to stop than its own grace period, so no send is cut off', () => {
    const graceMs = loadWorkerConfig({ FEISHU_APP_ID: 'x', FEISHU_APP_SECRET: 'x' }).shutdownGraceMs;
    expect(seconds(service('worker').stop_grace_period) * 1000).toBeGreaterThan(graceMs);
  });

  it('publishes the webhook and the dashboard on the ports .env chooses', () => {
    expect(service('ingress').ports).toEqual(['${PORT:-3000}:3000']);
    expect(service('dashboard').ports).toEqual(['${DASHBOARD_PORT:-3001}:3001']);
  });

  it('adds the Feishu stand-in with the sandbox profile, its messages readable from the host', () => {
    const standIn = service('feishu-stand-in');
    expect(standIn.profiles).toEqual(['sandbox']);
    expect(standIn.ports?.some((port) => port.endsWith(':3100'))).toBe(true);
  });

  it('has a one-shot sender, in a profile of its own, aimed at the ingress and the stand-in', () => {
    const sender = service('send-test-event');
    expect(sender.profiles).toEqual(['tools']);
    expect(sender.restart).toBe('no');
    expect(sender.environment?.['INGRESS_URL']).toBe('http://ingress:3000');
    expect(sender.environment?.['STAND_IN_URL']).toBe('http://feishu-stand-in:3100');
  });

  it("lets the sender read the test event's job from the stack's Redis, under the stack's prefix", () => {
    const sender = service('send-test-event');
    expect(sender.environment?.['REDIS_URL']).toBe(service('ingress').environment?.['REDIS_URL']);
    expect(sender.environment?.['QUEUE_PREFIX']).toBe(service('ingress').environment?.['QUEUE_PREFIX']);
  });

  it('passes the words after `run send-test-event` to the sender as its arguments (--fault …)', () => {
    const sender = service('send-test-event');
    expect(sender.entrypoint).toEqual(['node', 'packages/sandbox/dist/send-test-event.js']);
    expect(sender.command).toEqual([]);
  });

  it('runs one image, with each command a built entry point that exists', () => {
    const apps = Object.entries(compose.services).filter(([name]) => name !== 'redis');
    expect(new Set(apps.map(([, s]) => s.image)).size).toBe(1);
    for (const [, app] of apps) {
      const [node, script] = app.entrypoint ?? app.command ?? [];
      expect(node).toBe('node');
      expect(existsSync(`${REPO}${script}`), `${script} (run pnpm build first)`).toBe(true);
    }
  });
});

describe('docker-compose.websocket.yml, after docker-compose.yml', () => {
  const WEBSOCKET_FILES = ['docker-compose.yml', 'docker-compose.websocket.yml'];
  const websocket = readCompose('docker-compose.websocket.yml');
  const dotEnv = readDotEnv();
  const ingressEnv = (file: ComposeFile) => interpolate(serviceOf(file, 'ingress').environment ?? {}, dotEnv);

  it('lets the ingress scale (`--scale ingress=N`): no published port, no container name', () => {
    const ingress = serviceOf(websocket, 'ingress');
    expect(ingress.ports).toBeUndefined();
    expect(ingress.container_name).toBeUndefined();
  });

  it('runs the ingress on the long connection to the stand-in, and the sender through the stand-in', () => {
    const config = loadIngressConfig(ingressEnv(websocket));
    expect(config).toMatchObject({ mode: 'websocket', feishuBaseUrl: 'http://feishu-stand-in:3100' });
    const sender = interpolate(serviceOf(websocket, 'send-test-event').environment ?? {}, dotEnv);
    expect(loadSendTestEventConfig(sender).intake.mode).toBe('websocket');
  });

  it.each([
    ['webhook', compose],
    ['websocket', websocket],
  ] as const)('checks the ingress health on its ops port (%s mode), not the webhook port', (_mode, file) => {
    const { metricsPort } = loadIngressConfig(ingressEnv(file));
    expect(String(serviceOf(file, 'ingress').healthcheck?.test)).toContain(
      `http://127.0.0.1:${metricsPort}/readyz`,
    );
  });

  it('is the file pair the README and the file itself tell to put in COMPOSE_FILE', () => {
    const told = (text: string) => [...text.matchAll(/COMPOSE_FILE=([\w.:-]+)/g)].map((match) => match[1]);
    const expected = WEBSOCKET_FILES.join(':');
    expect(told(readRepoFile('README.md'))).toEqual([expected]);
    expect(told(readRepoFile('docker-compose.websocket.yml'))).toEqual([expected]);
    expect(told(readRepoFile('.env.example'))).toEqual([expected]);
    for (const file of WEBSOCKET_FILES) expect(existsSync(`${REPO}${file}`), file).toBe(true);
  });
});
