import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../load/load-spec.js';
import type { ReplicasFigures } from '../replicas/bench-replicas.js';
import { REPLICAS_PLAN } from '../replicas/replicas-plan.js';
import type { ReplicasRun } from '../replicas/replicas-run.js';
import { replicasReport, sameRoundRatio } from './replicas-report.js';

function load(rps: number, p50: number): LoadResult {
  return {
    responses: 1_000,
    status2xx: 1_000,
    non2xx: 0,
    statuses: { '200': 1_000 },
    errors: 0,
    timeouts: 0,
    durationS: 1_000 / rps,
    rps,
    latencyMs: { count: 1_000, p50, p99: p50 * 4, p999: p50 * 5, max: p50 * 6, mean: p50 },
    repeats: 0,
    generationMs: 0,
    loadCpuCores: 0.3,
  };
}

function run(setting: number, round: number, rps: number, p50: number, waits: number): ReplicasRun {
  const cpu = setting === 0 ? 0.05 : 0.06;
  return {
    setting,
    round,
    load: load(rps, p50),
    redis: {
      units: 1_000,
      cpuSeconds: cpu,
      cpuSecondsPerThousand: cpu,
      cores: 0.1,
      commands: { total: 11, top: [] },
    },
    waits,
  };
}

const figures: ReplicasFigures = {
  plan: { ...REPLICAS_PLAN, rounds: 2 },
  runs: [
    run(0, 0, 2_000, 20, 0),
    run(1, 0, 1_000, 40, 50),
    run(1, 1, 1_600, 25, 50),
    run(0, 1, 4_000, 20, 0),
  ],
  accounts: [
    { setting: 0, pushed: 5_000, acked: 5_000, jobsOnReplica: 5_000, beforeCatchUp: false },
    { setting: 1, pushed: 5_000, acked: 4_990, jobsOnReplica: 4_990, beforeCatchUp: true },
  ],
  loadAverage: { start: 1, end: 2 },
};

const rowsOf = (report: string, heading: string) =>
  report
    .split('### ')
    .find((part) => part.startsWith(heading))
    ?.split('\n')
    .filter((line) => line.startsWith('| 1 ') || line.startsWith('| 0 ')) ?? [];

describe('the replicas report', () => {
  it('takes a round’s ratio against the baseline of that same round', () => {
    expect(sameRoundRatio(figures.runs[1] as ReplicasRun, figures.runs, 0)).toBe(0.5);
    expect(sameRoundRatio(figures.runs[2] as ReplicasRun, figures.runs, 0)).toBe(0.4);
    expect(sameRoundRatio(figures.runs[0] as ReplicasRun, figures.runs, 0)).toBeNaN();
  });

  it('gives medians, their ratios to the baseline, and the events acknowledged per WAIT', () => {
    const [base, ours] = rowsOf(replicasReport(figures), '9b.');
    expect(base).toMatch(
      /^\| 0 +\| +2 \| +3,000 \| +1\.000 \| +– \| +20\.0 \| +1\.000 \| +80\.0 \| +1\.000 \| +50\.0 \| +1\.000 \| +0\.0000 \| +n\/a \|$/,
    );
    // events/s: median 1,300 over 3,000; the median of the rounds' own ratios (0.5 and 0.4): 0.45.
    expect(ours).toMatch(
      /^\| 1 +\| +2 \| +1,300 \| +0\.433 \| +0\.450 \| +32\.5 \| +1\.625 \| +130 \| +1\.625 \| +60\.0 \| +1\.200 \| +0\.0500 \| +20\.0 \|$/,
    );
  });

  it('accounts for every push on the replica, saying when it was counted', () => {
    const rows = rowsOf(replicasReport(figures), '9c.');
    expect(rows[0]).toMatch(
      /^\| 0 +\| +5,000 \| +5,000 \| +0 \| +5,000 \| +0 \| after a WAIT of the harness +\|$/,
    );
    expect(rows[1]).toMatch(
      /^\| 1 +\| +5,000 \| +4,990 \| +10 \| +4,990 \| +0 \| as the last push was answered \|$/,
    );
  });
});
