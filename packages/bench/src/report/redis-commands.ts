import type { Redis } from 'ioredis';

/** Calls per command so far, from `INFO commandstats` (e.g. `evalsha` → 12,345). */
export async function readCommandCalls(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const calls = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (match[1] !== undefined) calls.set(match[1], Number(match[2]));
  }
  return calls;
}

export interface CommandsPer {
  /** All commands per unit. */
  readonly total: number;
  /** The most frequent commands, per unit, most frequent first. */
  readonly top: readonly { readonly command: string; readonly perUnit: number }[];
}

/** Commands Redis ran between two readings, per `units` (jobs, requests), with the top `count`. */
export function commandsPer(
  before: Map<string, number>,
  after: Map<string, number>,
  units: number,
  count = 4,
): CommandsPer {
  const deltas = [...after.entries()]
    .map(([command, calls]) => ({ command, perUnit: (calls - (before.get(command) ?? 0)) / units }))
    .filter((entry) => entry.perUnit > 0)
    .sort((a, b) => b.perUnit - a.perUnit);
  return { total: deltas.reduce((sum, entry) => sum + entry.perUnit, 0), top: deltas.slice(0, count) };
}
