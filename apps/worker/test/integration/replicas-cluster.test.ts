import {
  hasRedisServerBinary,
  keySlot,
  makeUser,
  p2pChatCreate,
  redisCliLines,
  startRedisCluster,
  waitFor,
  type FeishuUser,
  type RedisCluster,
  type RedisClusterNode,
} from '@feishu-welcome/testing';
import type { Job } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chatOf, idOf, startPipeline, type Pipeline } from './pipeline.js';
import { onboardedRecordsKey } from './onboarded-records-key.js';
import { unreplicatedCount, workerReadiness } from './worker-ops.js';

/** A tenant whose welcome records (one hash per app and tenant) sit on `master`, replicated by `replica`. */
interface Tenant {
  readonly tenantKey: string;
  readonly records: string;
  readonly master: RedisClusterNode;
  readonly replica: RedisClusterNode;
}

/** One user's first chat with the bot, in `tenant`. */
interface Welcome {
  readonly tenant: Tenant;
  readonly user: FeishuUser;
  readonly event: Record<string, unknown>;
}

const TOO_FEW_REPLICAS = { status: 503, body: { status: 'not-ready', reason: 'too-few-replicas' } };

describe.skipIf(!hasRedisServerBinary())(
  'worker processes on a Redis Cluster with a replica per master and ENQUEUE_MIN_REPLICAS=1',
  () => {
    let cluster: RedisCluster;
    let pipeline: Pipeline | undefined;
    beforeAll(async () => {
      cluster = await startRedisCluster({ replicasPerMaster: 1 });
    }, 90_000);
    afterEach(async () => {
      await pipeline?.close();
      pipeline = undefined;
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    const start = async (): Promise<Pipeline> =>
      (pipeline = await startPipeline({
        redisUrl: cluster.url,
        redisCluster: true,
        workers: 2,
        logLevel: 'warn',
        workerEnv: { ENQUEUE_MIN_REPLICAS: '1' },
      }));

    /**
     * Tenants of `pipeline`'s keys, one per master that `accept` takes, so that their records sit on
     * different masters: the slot of a tenant's records depends on the (random) queue prefix.
     */
    async function tenantsOnMasters(
      { queue }: Pipeline,
      accept: (master: RedisClusterNode) => boolean = () => true,
    ): Promise<Tenant[]> {
      const byMaster = new Map<RedisClusterNode, Tenant>();
      const masters = cluster.nodes.length / 2;
      for (let i = 0; i < 500 && byMaster.size < masters; i++) {
        const tenantKey = `tenant_${i}`;
        const records = onboardedRecordsKey(queue, tenantKey);
        const master = await cluster.nodeServing(keySlot(records));
        if (byMaster.has(master) || !accept(master)) continue;
        const [replica] = await cluster.replicasOf(master);
        if (!replica) throw new Error(`master ${master.port} has no replica`);
        byMaster.set(master, { tenantKey, records, master, replica });
      }
      return [...byMaster.values()];
    }

    /**
     * A pipeline, and two tenants whose records sit on two masters other than the one holding the
     * queue: what happens to those stops no BullMQ command.
     */
    async function startWithTwoTenants(): Promise<{ started: Pipeline; tenants: [Tenant, Tenant] }> {
      const started = await start();
      const queueMaster = await cluster.nodeServing(keySlot(started.queue.opts.prefix ?? ''));
      const [first, second] = await tenantsOnMasters(started, (master) => master !== queueMaster);
      if (!first || !second) throw new Error('two tenants on different masters are needed');
      return { started, tenants: [first, second] };
    }

    /** Whether every worker's `/readyz` answers as `expected` now. */
    const everyWorker = async (
      ops: readonly string[],
      expected: (answer: { status: number; body: unknown }) => boolean,
    ): Promise<boolean> => (await Promise.all(ops.map(workerReadiness))).every(expected);
    const tooFewReplicas = (answer: unknown) => JSON.stringify(answer) === JSON.stringify(TOO_FEW_REPLICAS);
    const ready = ({ status }: { status: number }) => status === 200;

    async function welcome(tenant: Tenant, user = makeUser()): Promise<Welcome> {
      const event = p2pChatCreate(user, { tenantKey: tenant.tenantKey });
      expect(await pipeline!.deliver(event)).toBe(200);
      return { tenant, user, event };
    }

    /** Resolves the job of `event` once it has completed. */
    const completed = async ({ event }: Welcome, timeoutMs = 30_000): Promise<Job> =>
      await waitFor(
        'the job to complete',
        async () => {
          const job = await pipeline!.job(idOf(event));
          // Read again once complete: the copy read before may predate its return value.
          return (await job?.getState()) === 'completed' ? await pipeline!.job(idOf(event)) : undefined;
        },
        { timeoutMs, intervalMs: 20 },
      );

    /** Whether `node` (a replica: READONLY lets it answer for its master's slots) holds the user's record. */
    const recordOn = async (node: RedisClusterNode, { tenant, user }: Welcome): Promise<boolean> => {
      const answers = await redisCliLines(node.port, [
        ['READONLY'],
        ['HEXISTS', tenant.records, user.openId],
      ]);
      return answers.split('\n')[1] === '1';
    };

    /**
     * Resolves once the user is welcomed and the job has failed an attempt, not completed: its record
     * is on its master only, and a failover now could lose it.
     */
    async function heldBack(one: Welcome): Promise<void> {
      await waitFor('the welcome', () => sendsTo(one) === 1);
      await waitFor(
        'a failed attempt',
        async () => ((await pipeline!.job(idOf(one.event)))?.attemptsMade ?? 0) >= 1,
        { timeoutMs: 20_000 },
      );
      expect(await (await pipeline!.job(idOf(one.event)))?.getState()).not.toBe('completed');
    }

    /** What Feishu was asked to send to the user's chat: a second welcome would show here. */
    const sendsTo = ({ event }: Welcome): number =>
      pipeline!.standIn.requests({ receive_id: chatOf(event) }).filter((r) => r.endpoint === 'messages')
        .length;

    it('completes each welcome once its record is on the replica of its own master', async () => {
      const started = await start();
      const tenants = await tenantsOnMasters(started);
      expect(tenants).toHaveLength(3);
      const welcomes = await Promise.all(tenants.map((tenant) => welcome(tenant)));
      await Promise.all(
        welcomes.map(async (one) => {
          const job = await completed(one);
          // Checked as soon as the job is seen complete: the completion itself says the replica has it.
          expect(await recordOn(one.tenant.replica, one)).toBe(true);
          expect(job.returnvalue).toMatchObject({ outcome: 'sent' });
          expect(sendsTo(one)).toBe(1);
        }),
      );
    }, 60_000);

    it('holds back only the jobs of the master whose replica is down, and completes them once it is back, sending nothing again', async () => {
      const { started, tenants } = await startWithTwoTenants();
      const [stuck, other] = tenants;
      const ops = started.workerOps;

      await stuck.replica.stop();
      try {
        await waitFor('the workers to say why they are not ready', () => everyWorker(ops, tooFewReplicas));
        const held = await welcome(stuck);
        const others = await Promise.all([welcome(other), welcome(other), welcome(other)]);

        for (const one of others) {
          const job = await completed(one);
          expect(job.returnvalue).toMatchObject({ outcome: 'sent' });
          // At its first attempt: BullMQ counts the attempt that completes a job too.
          expect(job.attemptsMade).toBe(1);
        }
        await heldBack(held);
        const unreplicated = await Promise.all(ops.map(unreplicatedCount));
        expect(unreplicated.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(1);
        expect(started.logs()).toContain('too few replicas confirmed the welcome record');

        await stuck.replica.start();
        await cluster.waitUntilOk();
        const job = await completed(held, 40_000);
        expect(job.returnvalue).toMatchObject({ outcome: 'already-welcomed' });
        expect(await recordOn(stuck.replica, held)).toBe(true);
        for (const one of [held, ...others]) expect(sendsTo(one)).toBe(1);
        await waitFor('the workers to be ready again', () => everyWorker(ops, ready));
        expect(started.logs()).not.toContain(held.user.name);
      } finally {
        // The next test needs every replica.
        if (!(await cluster.replicasOf(stuck.master)).includes(stuck.replica)) await stuck.replica.start();
        await cluster.waitUntilOk();
      }
    }, 120_000);

    it('goes on completing welcomes after a failover of a record master, the old master back as its replica, welcoming nobody twice', async () => {
      const { started, tenants } = await startWithTwoTenants();
      const [moved, other] = tenants;
      const ops = started.workerOps;
      const before = await welcome(moved);
      await completed(before);

      // The replica takes over once the others mark the master failed (cluster-node-timeout). Until
      // then a third of the slots has no master: no worker may say it is ready.
      await moved.master.stop();
      const slot = keySlot(moved.records);
      const meanwhile: number[] = [];
      await waitFor(
        'the replica to take over',
        async () => {
          meanwhile.push(...(await Promise.all(ops.map(workerReadiness))).map(({ status }) => status));
          return (await cluster.nodeServing(slot)) === moved.replica;
        },
        { timeoutMs: 30_000, intervalMs: 50 },
      );
      expect(meanwhile.length).toBeGreaterThan(0);
      expect(meanwhile.filter((status) => status !== 503)).toEqual([]);
      await cluster.waitUntilOk();
      // The new master has no replica yet: the workers find it (their slot maps follow), and say so.
      await waitFor(
        "the workers to count the new master's replicas",
        () => everyWorker(ops, tooFewReplicas),
        {
          timeoutMs: 20_000,
        },
      );
      // Its WAIT goes to the new master, which no replica confirms yet.
      const during = await welcome(moved);
      await heldBack(during);

      // The old master comes back as the new one's replica.
      await moved.master.start();
      await cluster.waitUntilOk();
      expect(await cluster.replicasOf(moved.replica)).toEqual([moved.master]);
      const tenant: Tenant = { ...moved, master: moved.replica, replica: moved.master };
      const job = await completed(during, 60_000);
      expect(job.returnvalue).toMatchObject({ outcome: 'already-welcomed' });
      expect(await recordOn(tenant.replica, during)).toBe(true);

      const after = await Promise.all([welcome(tenant), welcome(tenant), welcome(other)]);
      for (const one of after) {
        const job = await completed(one);
        expect(job.returnvalue).toMatchObject({ outcome: 'sent' });
        expect(await recordOn(one.tenant.replica, one)).toBe(true);
      }
      // The first user enters again, under a new event id: their record, on the new master, holds.
      const again = await welcome(tenant, before.user);
      expect((await completed(again)).returnvalue).toMatchObject({ outcome: 'already-welcomed' });
      for (const one of [before, during, ...after]) expect(sendsTo(one)).toBe(1);
      expect(await started.queue.getJobCounts('failed')).toEqual({ failed: 0 });
      await waitFor('the workers to be ready again', () => everyWorker(ops, ready));
    }, 150_000);
  },
);
