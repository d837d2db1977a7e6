import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { type ReplicatedRedis, startReplicatedRedis } from '@feishu-welcome/dev-kit';
import { Redis } from 'ioredis';
import { countJobs } from '../load-ingress.js';
import { runLoad } from '../load/run-load.js';
import { startTarget } from '../servers/start-target.js';
import type { RunningTarget } from '../servers/target.js';
import { type ReplicasPlan, roundOrder } from './replicas-plan.js';
import { type ReplicasRun, measureReplicasRun } from './replicas-run.js';

/** Every push sent to one setting's ingress, warm-up included, and what the replica holds of it. */
export interface ReplicasAccount {
  readonly setting: number;
  readonly pushed: number;
  readonly acked: number;
  /** Jobs under this ingress's prefix on the replica. */
  readonly jobsOnReplica: number;
  /**
   * Counted before the harness waited for the replica to catch up: what ENQUEUE_MIN_REPLICAS ≥ 1 must
   * already hold the moment its last push is answered. Without it, counted after a `WAIT` of its own.
   */
  readonly beforeCatchUp: boolean;
}

export interface ReplicasFigures {
  readonly plan: ReplicasPlan;
  readonly runs: readonly ReplicasRun[];
  readonly accounts: readonly ReplicasAccount[];
  /** `uptime`'s one-minute load average when the section started and when it ended. */
  readonly loadAverage: { readonly start: number; readonly end: number };
}

interface SettingTarget {
  readonly setting: number;
  readonly prefix: string;
  readonly target: RunningTarget;
}

/** How long the harness's own `WAIT` may take for the replica to catch up before counting its jobs. */
const CATCH_UP_MS = 10_000;

async function startIngresses(plan: ReplicasPlan, primaryUrl: string): Promise<SettingTarget[]> {
  const started: SettingTarget[] = [];
  try {
    for (const setting of plan.settings) {
      const prefix = `bench-replicas-${setting}-${randomUUID()}`;
      const target = await startTarget('ingress', {
        redisUrl: primaryUrl,
        queuePrefix: prefix,
        env: { ENQUEUE_MIN_REPLICAS: String(setting) },
      });
      started.push({ setting, prefix, target });
    }
    return started;
  } catch (error) {
    await Promise.all(started.map(({ target }) => target.process.stop()));
    throw error;
  }
}

/** Every write the primary has applied is on the replica: one write of the harness's, then `WAIT 1`. */
async function catchUp(primary: Redis): Promise<void> {
  await primary.set(`bench-replicas-catch-up-${randomUUID()}`, '1', 'PX', CATCH_UP_MS);
  const confirmed = await primary.wait(1, CATCH_UP_MS);
  if (confirmed < 1) throw new Error(`the replica did not catch up within ${CATCH_UP_MS} ms`);
}

async function account(
  redis: ReplicatedRedis,
  primary: Redis,
  plan: ReplicasPlan,
  targets: readonly SettingTarget[],
  runs: readonly ReplicasRun[],
  warmupAcked: ReadonlyMap<number, number>,
): Promise<ReplicasAccount[]> {
  const of = (setting: number) => {
    const mine = runs.filter((run) => run.setting === setting);
    return {
      setting,
      pushed: plan.warmupEvents + mine.length * plan.eventsPerRound,
      acked: (warmupAcked.get(setting) ?? 0) + mine.reduce((sum, run) => sum + run.load.status2xx, 0),
    };
  };
  const count = async ({ setting, prefix }: SettingTarget, beforeCatchUp: boolean) => ({
    ...of(setting),
    jobsOnReplica: await countJobs(redis.replica.url, prefix),
    beforeCatchUp,
  });
  // Settings that wait for a replica are counted first, before anything helps the replica catch up.
  const waiting = await Promise.all(targets.filter((t) => t.setting > 0).map((t) => count(t, true)));
  await catchUp(primary);
  const rest = await Promise.all(targets.filter((t) => t.setting === 0).map((t) => count(t, false)));
  return [...rest, ...waiting].sort((a, b) => a.setting - b.setting);
}

/**
 * The cost of ENQUEUE_MIN_REPLICAS: one built webhook ingress per setting against the primary of a
 * primary + replica pair (private redis-servers), each warmed up, then loaded in turn, round after
 * round, the settings' order alternating, so both see the same machine; then every acknowledged push
 * is looked for on the replica.
 */
export async function benchReplicas(
  plan: ReplicasPlan,
  progress: (text: string) => void,
): Promise<ReplicasFigures> {
  const startLoad = loadavg()[0] ?? Number.NaN;
  const redis = await startReplicatedRedis();
  const primary = new Redis(redis.primary.url);
  let targets: SettingTarget[] = [];
  try {
    targets = await startIngresses(plan, redis.primary.url);
    const warmupAcked = new Map<number, number>();
    for (const { setting, target } of targets) {
      const warmup = await runLoad({
        url: target.url,
        connections: plan.connections,
        amount: plan.warmupEvents,
      });
      warmupAcked.set(setting, warmup.status2xx);
    }
    const runs: ReplicasRun[] = [];
    for (let round = 0; round < plan.rounds; round += 1) {
      for (const setting of roundOrder(plan.settings, round)) {
        const one = targets.find((t) => t.setting === setting);
        if (!one) continue;
        const run = await measureReplicasRun(
          primary,
          { url: one.target.url, setting },
          round,
          plan.eventsPerRound,
          plan.connections,
        );
        progress(
          `replicas: round ${round + 1}, ENQUEUE_MIN_REPLICAS=${setting}: ${Math.round(run.load.rps)} events/s`,
        );
        runs.push(run);
      }
    }
    const accounts = await account(redis, primary, plan, targets, runs, warmupAcked);
    return { plan, runs, accounts, loadAverage: { start: startLoad, end: loadavg()[0] ?? Number.NaN } };
  } catch (error) {
    const output = targets.map(
      ({ setting, target }) => `ENQUEUE_MIN_REPLICAS=${setting}:\n${target.process.output()}`,
    );
    throw new Error(
      `replicas: ${error instanceof Error ? error.message : String(error)}\n${output.join('\n')}`,
      {
        cause: error,
      },
    );
  } finally {
    await Promise.all(targets.map(({ target }) => target.process.stop()));
    primary.disconnect();
    await redis.stop();
  }
}
