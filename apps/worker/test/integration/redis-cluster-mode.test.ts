import { CLUSTER_AS_SINGLE_REDIS, SINGLE_REDIS_AS_CLUSTER } from '@feishu-welcome/shared';
import {
  TEST_APP,
  fatalLines,
  freePort,
  spawnService,
  startRedisCluster,
  uniqueQueueName,
  type RedisCluster,
  type SpawnedService,
} from '@feishu-welcome/testing';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

/** Every process started, so that one that did not stop is killed after its test. */
const started: SpawnedService[] = [];

/** Each process, with the environment it needs to start (Feishu unreachable: the worker starts anyway). */
const PROCESSES = {
  ingress: async () => ({
    script: 'apps/ingress/dist/main.js',
    env: {
      FEISHU_VERIFICATION_TOKEN: TEST_APP.verificationToken,
      PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
    },
  }),
  worker: async () => ({
    script: 'apps/worker/dist/main.js',
    env: {
      FEISHU_APP_ID: TEST_APP.appId,
      FEISHU_APP_SECRET: TEST_APP.appSecret,
      FEISHU_DOMAIN: 'http://127.0.0.1:9',
      METRICS_PORT: String(await freePort()),
    },
  }),
  dashboard: async () => ({
    script: 'apps/dashboard/dist/main.js',
    env: { DASHBOARD_USERNAME: 'ops', DASHBOARD_PASSWORD: 'pw', DASHBOARD_PORT: String(await freePort()) },
  }),
} as const;

/** Starts `name` against `redisUrl` with `REDIS_CLUSTER=cluster`; resolves its exit code and fatal lines. */
async function startAgainst(name: keyof typeof PROCESSES, redisUrl: string, cluster: boolean) {
  const { script, env } = await PROCESSES[name]();
  const service = spawnService(script, {
    ...env,
    REDIS_URL: redisUrl,
    REDIS_CLUSTER: String(cluster),
    QUEUE_PREFIX: uniqueQueueName(),
  });
  started.push(service);
  // Bounded by the test's timeout: a process that does not notice runs on and the test fails.
  const code = await service.exited();
  return { code, fatal: fatalLines(service.output()).map((line) => line['msg']) };
}

describe('a REDIS_CLUSTER that is wrong about the Redis at REDIS_URL', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((service) => service.kill('SIGKILL')));
  });
  afterAll(async () => {
    await cluster.stop();
  });

  it.each(Object.keys(PROCESSES) as (keyof typeof PROCESSES)[])(
    'stops the %s with one line naming the fix, either way round',
    async (name) => {
      const [onSingle, onCluster] = await Promise.all([
        startAgainst(name, inject('redisUrl'), true),
        startAgainst(name, cluster.url, false),
      ]);
      expect(onSingle).toEqual({ code: 1, fatal: [SINGLE_REDIS_AS_CLUSTER] });
      expect(onCluster).toEqual({ code: 1, fatal: [CLUSTER_AS_SINGLE_REDIS] });
    },
    20_000,
  );
});
