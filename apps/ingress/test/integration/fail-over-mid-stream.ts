import { waitFor, type ReplicatedRedis } from '@feishu-welcome/testing';
import type { Statuses } from './push-stream.js';

/**
 * The two ways a failover meets a stream of pushes. A replica frozen (SIGSTOP) while the primary dies
 * is no third way: it loses nothing even without `WAIT`, since the stream already sent waits in its
 * socket's buffer and is applied once it is thawed. What a failover can lose is what the old primary
 * takes after the promotion, as in a network partition (`split`).
 */
export const FAILOVER_SCENARIOS = [
  { split: false, scenario: 'the primary killed mid-stream, then the replica promoted' },
  { split: true, scenario: 'the replica promoted mid-stream, then the primary killed' },
] as const;

/**
 * Fails `redis` over to its replica while `stream` runs, and resolves once every push has had its answer
 * and the replica takes writes. With `split`, the pushes go on at the old primary, which has no replica
 * left, for 16 more answers before it is killed (SIGKILL).
 */
export async function failOverMidStream(
  redis: ReplicatedRedis,
  stream: { readonly statuses: Statuses; readonly done: Promise<void> },
  split: boolean,
): Promise<void> {
  if (split) {
    await redis.promote();
    const answered = stream.statuses.size;
    await waitFor('events answered after the promotion', () => stream.statuses.size >= answered + 16);
  }
  redis.primary.kill();
  await stream.done;
  if (!split) await redis.promote();
}
