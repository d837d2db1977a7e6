import { StandInConfig, loadStandInConfig } from '@feishu-welcome/feishu-stand-in';
import { envKeys } from '@feishu-welcome/shared';
import { describe, expect, it } from 'vitest';
import { DashboardConfig, loadDashboardConfig } from '../../apps/dashboard/src/dashboard-config.js';
import { IngressConfig, loadIngressConfig } from '../../apps/ingress/src/ingress-config.js';
import { WorkerConfig, loadWorkerConfig } from '../../apps/worker/src/worker-config.js';
import { SANDBOX_APP } from '../../packages/sandbox/src/sandbox-app.js';
import {
  SendTestEventEnv,
  loadSendTestEventConfig,
} from '../../packages/sandbox/src/send-test-event-config.js';
import { interpolate, interpolatedNames, readCompose, readDotEnv, readEnvExample } from './repo-files.js';

/** Each Compose service, the schema of the variables it reads, and its loader. */
const SERVICES = {
  ingress: { schema: IngressConfig, load: loadIngressConfig },
  worker: { schema: WorkerConfig, load: loadWorkerConfig },
  dashboard: { schema: DashboardConfig, load: loadDashboardConfig },
  'feishu-stand-in': { schema: StandInConfig, load: loadStandInConfig },
  'send-test-event': { schema: SendTestEventEnv, load: loadSendTestEventConfig },
} as const;

/** The services that reach Redis: each also gets Node's own NODE_EXTRA_CA_CERTS, for a private CA's TLS. */
const REACH_REDIS = ['ingress', 'worker', 'dashboard', 'send-test-event'];
const NODE_OWN = ['NODE_EXTRA_CA_CERTS'];

const compose = readCompose();
const example = readEnvExample();
const exampleKeys = new Set(example.map((entry) => entry.key));
const dotEnv = readDotEnv();
const environmentOf = (name: string) => compose.services[name]?.environment ?? {};

describe('the environment contract', () => {
  it.each(Object.keys(SERVICES))('gives %s exactly the variables its schema reads', (name) => {
    const { schema } = SERVICES[name as keyof typeof SERVICES];
    const nodeOwn = REACH_REDIS.includes(name) ? NODE_OWN : [];
    expect(Object.keys(environmentOf(name)).sort()).toEqual([...envKeys(schema), ...nodeOwn].sort());
  });

  it("lists every service's every variable in .env.example", () => {
    const services = [IngressConfig, WorkerConfig, DashboardConfig, StandInConfig];
    const missing = services.flatMap((schema) => envKeys(schema)).filter((k) => !exampleKeys.has(k));
    expect(missing).toEqual([]);
  });

  it('lists every variable docker-compose.yml reads in .env.example', () => {
    expect([...interpolatedNames(compose)].filter((name) => !exampleKeys.has(name))).toEqual([]);
  });

  it('lists in .env.example only variables some service reads, each once and explained', () => {
    // Compose's own variables, read by `docker compose` rather than by a service.
    const known = new Set([
      'COMPOSE_PROFILES',
      'COMPOSE_FILE',
      ...NODE_OWN,
      ...Object.values(SERVICES).flatMap(({ schema }) => envKeys(schema)),
    ]);
    expect(example.filter((entry) => !known.has(entry.key)).map((entry) => entry.key)).toEqual([]);
    expect(example.length).toBe(exampleKeys.size);
    expect(example.filter((entry) => entry.comment === undefined).map((entry) => entry.key)).toEqual([]);
  });

  it.each(Object.keys(SERVICES))(
    'starts %s with a valid configuration after `cp .env.example .env`',
    (name) => {
      const { load } = SERVICES[name as keyof typeof SERVICES];
      expect(() => load(interpolate(environmentOf(name), dotEnv))).not.toThrow();
    },
  );

  it("points every service that reaches Redis at the Redis .env names, else at the stack's own", () => {
    const managed = {
      ...dotEnv,
      REDIS_URL: 'rediss://app:pw@redis.example.com:6380',
      REDIS_CLUSTER: 'true',
      NODE_EXTRA_CA_CERTS: '/config/redis-ca.pem',
    };
    for (const name of REACH_REDIS) {
      expect(interpolate(environmentOf(name), managed)).toMatchObject({
        REDIS_URL: managed.REDIS_URL,
        REDIS_CLUSTER: 'true',
        NODE_EXTRA_CA_CERTS: '/config/redis-ca.pem',
      });
      expect(interpolate(environmentOf(name), dotEnv)).toMatchObject({
        REDIS_URL: 'redis://redis:6379',
        REDIS_CLUSTER: 'false',
        NODE_EXTRA_CA_CERTS: '',
      });
    }
  });

  it('ships the sandbox app that pnpm dev and the sender use, with the workers aimed at the stand-in', () => {
    expect(dotEnv).toMatchObject({
      FEISHU_APP_ID: SANDBOX_APP.appId,
      FEISHU_APP_SECRET: SANDBOX_APP.appSecret,
      FEISHU_VERIFICATION_TOKEN: SANDBOX_APP.verificationToken,
      FEISHU_ENCRYPT_KEY: SANDBOX_APP.encryptKey,
      FEISHU_DOMAIN: 'http://feishu-stand-in:3100',
      // So that a plain `docker compose up` starts the stand-in the workers are aimed at.
      COMPOSE_PROFILES: 'sandbox',
    });
    expect(compose.services['feishu-stand-in']).toBeDefined();
  });
});
