import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { type CeilingRun, runLiftedWorker } from '../ceiling/ceiling.js';
import { type CpuProfileSummary, summariseCpuProfile } from './summarise-cpu-profile.js';

export interface WorkerProfile {
  readonly run: CeilingRun;
  readonly events: number;
  readonly summary: CpuProfileSummary;
}

/** The limits-lifted drain of section 3 again, with the worker under `node --cpu-prof`. */
export async function profileWorker(events: number, redis: Redis, redisUrl: string): Promise<WorkerProfile> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-cpu-prof-'));
  try {
    const run = await runLiftedWorker(events, redis, redisUrl, ['--cpu-prof', '--cpu-prof-dir', dir]);
    const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error('the worker wrote no .cpuprofile');
    return { run, events, summary: await summariseCpuProfile(join(dir, file)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
