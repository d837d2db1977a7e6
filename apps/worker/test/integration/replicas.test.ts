import {
  hasRedisServerBinary,
  makeUser,
  p2pChatCreate,
  startReplicatedRedis,
  waitFor,
  type ReplicatedRedis,
} from '@feishu-welcome/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { chatOf, idOf, startPipeline, type Pipeline } from './pipeline.js';
import { workerReadiness as readiness } from './worker-ops.js';

describe.skipIf(!hasRedisServerBinary())('a worker with ENQUEUE_MIN_REPLICAS=1', () => {
  let redis: ReplicatedRedis | undefined;
  let pipeline: Pipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    pipeline = undefined;
    await redis?.stop();
    redis = undefined;
  });

  it('completes a welcome only once the replica holds its record, retrying meanwhile, and sends it once', async () => {
    redis = await startReplicatedRedis();
    pipeline = await startPipeline({
      redisUrl: redis.primary.url,
      workers: 1,
      workerEnv: { ENQUEUE_MIN_REPLICAS: '1' },
    });
    const [ops] = pipeline.workerOps as [string];
    const [worker] = pipeline.workers;
    const { standIn } = pipeline;

    await redis.stopReplica();
    await waitFor('the worker to say why it is not ready', async () => {
      const { body } = await readiness(ops);
      return JSON.stringify(body) === JSON.stringify({ status: 'not-ready', reason: 'too-few-replicas' });
    });
    const user = makeUser('Replica Worker User');
    const event = p2pChatCreate(user);
    expect(await pipeline.deliver(event)).toBe(200);

    // Welcomed, recorded on the primary, yet the job does not complete: a failover now could lose it.
    await waitFor('the welcome', () => standIn.messages({ receive_id: chatOf(event) }).length === 1);
    await waitFor(
      'a failed attempt',
      async () => ((await pipeline?.job(idOf(event)))?.attemptsMade ?? 0) >= 1,
    );
    expect(await (await pipeline.job(idOf(event)))?.getState()).not.toBe('completed');
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    expect(metrics).toMatch(/^feishu_worker_unreplicated_total [1-9]/m);
    const warning = worker
      ?.output()
      .split('\n')
      .find((line) => line.includes('too few replicas confirmed the welcome record'));
    expect(JSON.parse(warning ?? '{}')).toMatchObject({ level: 40, confirmed: 0, required: 1 });

    await redis.startReplica();
    await waitFor(
      'the job to complete',
      async () => (await (await pipeline?.job(idOf(event)))?.getState()) === 'completed',
      { timeoutMs: 30_000 },
    );
    const job = await pipeline.job(idOf(event));
    expect(job?.returnvalue).toMatchObject({ outcome: 'already-welcomed' });
    expect(standIn.messages({ receive_id: chatOf(event) })).toHaveLength(1);
    expect(standIn.stats().requests).toBe(1);
    expect((await readiness(ops)).status).toBe(200);
    expect(worker?.output()).not.toContain(user.name);
  }, 60_000);
});
