import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoadPlan, saturationAmount } from '../load/load-plan.js';
import type { LoadResult } from '../load/load-spec.js';
import { runLoad } from '../load/run-load.js';
import { startTarget } from '../servers/start-target.js';
import type { TargetKind } from '../servers/target.js';
import { type CpuProfileSummary, summariseCpuProfile } from './summarise-cpu-profile.js';

export interface ServerProfile {
  readonly kind: TargetKind;
  /** The measured saturating run (the warm-up before it is in the profile too). */
  readonly run: LoadResult;
  /** Every request the process served while profiled: divides the profile into µs per request. */
  readonly requests: number;
  readonly summary: CpuProfileSummary;
}

/**
 * A warm-up and a saturating run against one server under `node --cpu-prof`, apart from the measured
 * runs (the profiler slows it down). The profile is written when the server exits on SIGTERM.
 */
export async function profileServer(
  kind: TargetKind,
  plan: LoadPlan,
  redisUrl: string,
): Promise<ServerProfile> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-cpu-prof-'));
  try {
    const target = await startTarget(kind, {
      redisUrl,
      queuePrefix: `bench-profile-${randomUUID()}`,
      execArgv: ['--cpu-prof', '--cpu-prof-dir', dir],
    });
    let warmup: LoadResult;
    let run: LoadResult;
    try {
      const saturate = (amount: number) =>
        runLoad({ url: target.url, connections: plan.saturationConnections, amount });
      warmup = await saturate(plan.warmupRequests);
      run = await saturate(saturationAmount(warmup.rps, plan.durationS));
    } finally {
      await target.process.stop('SIGTERM', 20_000);
    }
    const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`${kind} wrote no .cpuprofile:\n${target.process.output()}`);
    const summary = await summariseCpuProfile(join(dir, file));
    return { kind, run, requests: warmup.responses + run.responses, summary };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
