import {
  encryptedPush,
  hasRedisServerBinary,
  makeUser,
  p2pChatCreate,
  startReplicatedRedis,
  waitFor,
  type ReplicatedRedis,
} from '@feishu-welcome/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FAILOVER_SCENARIOS,
  failOverMidStream,
} from '../../../ingress/test/integration/fail-over-mid-stream.js';
import { pushStream } from '../../../ingress/test/integration/push-stream.js';
import { startIngress, type RunningIngress } from '../../../ingress/test/integration/start-ingress.js';
import { chatOf, idOf, queueSettled, startPipeline, type Pipeline } from './pipeline.js';

const EVENTS = 150;
/** Sends per second: slower than the pushes come, so that jobs are still waiting when the primary dies. */
const SEND_RATE = 25;
/** Stalled jobs of the killed workers are taken over within about two lock periods. */
const FAST_TAKEOVER = { JOB_LOCK_MS: '1000' };

describe.skipIf(!hasRedisServerBinary())('a failover with ENQUEUE_MIN_REPLICAS=1, end to end', () => {
  let redis: ReplicatedRedis | undefined;
  let pipeline: Pipeline | undefined;
  let second: RunningIngress | undefined;
  afterEach(async () => {
    // The killed primary comes back empty, so that the first ingress's queue can close.
    await redis?.primary.start();
    await second?.close();
    await pipeline?.close();
    await redis?.stop();
    [redis, pipeline, second] = [undefined, undefined, undefined];
  });

  it.each(FAILOVER_SCENARIOS)(
    'welcomes every user whose event got a 200 exactly once: $scenario',
    async ({ split }) => {
      redis = await startReplicatedRedis();
      pipeline = await startPipeline({
        redisUrl: redis.primary.url,
        workers: 2,
        ingressMinReplicas: 1,
        standIn: { ratePerSecond: SEND_RATE },
        workerEnv: { ...FAST_TAKEOVER, SEND_RATE_PER_SECOND: String(SEND_RATE), ENQUEUE_MIN_REPLICAS: '1' },
        logLevel: 'warn',
      });
      const { standIn } = pipeline;
      const events = Array.from({ length: EVENTS }, () => p2pChatCreate(makeUser()));
      const stream = pushStream(async (event) => await pipeline!.deliver(event), events);

      // The workers have welcomed some users when the failover starts, mid-stream; with `split`, pushes
      // and welcomes go on at the old primary, which has no replica left: none may count as done.
      await waitFor('some welcomes before the failover', () => standIn.messages().length >= 20);
      await failOverMidStream(redis, stream, split);
      const acknowledged = events.filter((event) => stream.statuses.get(idOf(event)) === 200);
      expect(acknowledged.length).toBeGreaterThan(0);
      expect(acknowledged.length).toBeLessThan(EVENTS);

      // The workers on the dead primary are replaced by workers on the promoted replica (which has no
      // replica of its own yet: ENQUEUE_MIN_REPLICAS=0 there), as a redeploy after a failover does.
      for (const worker of pipeline.workers) await worker.kill('SIGKILL');
      const promoted = { ...FAST_TAKEOVER, REDIS_URL: redis.replica.url, ENQUEUE_MIN_REPLICAS: '0' };
      await pipeline.startWorker(promoted);
      await pipeline.startWorker(promoted);

      // What Feishu does next: it pushes again what got no 200, to an ingress on the promoted replica.
      second = await startIngress({
        redisUrl: redis.replica.url,
        encrypted: true,
        queuePrefix: pipeline.queue.opts.prefix,
      });
      for (const event of events.filter((event) => !acknowledged.includes(event))) {
        expect((await second.post(encryptedPush(event))).status).toBe(200);
      }
      await queueSettled(second.queue, 90_000);

      const welcomes = (event: Record<string, unknown>) =>
        standIn.messages({ receive_id: chatOf(event) }).length;
      // Nobody acknowledged is lost, nobody is welcomed twice; and the re-pushed are welcomed too.
      expect(acknowledged.filter((event) => welcomes(event) !== 1).map(idOf)).toEqual([]);
      expect(events.filter((event) => welcomes(event) !== 1).map(idOf)).toEqual([]);
      expect(await second.queue.getJobCounts('failed')).toEqual({ failed: 0 });
    },
    150_000,
  );
});
