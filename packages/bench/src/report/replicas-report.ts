import type { ReplicasAccount, ReplicasFigures } from '../replicas/bench-replicas.js';
import type { ReplicasRun } from '../replicas/replicas-run.js';
import { formatCount, formatFixed, formatMs, formatRatio } from './format-number.js';
import { formatTable } from './format-table.js';
import { median } from './median.js';

/** `run`'s events/s over the baseline setting's in the same round; NaN for the baseline itself. */
export function sameRoundRatio(run: ReplicasRun, runs: readonly ReplicasRun[], baseline: number): number {
  if (run.setting === baseline) return Number.NaN;
  const base = runs.find((other) => other.setting === baseline && other.round === run.round);
  return base ? run.load.rps / base.load.rps : Number.NaN;
}

/** `count` over `units`; NaN when there are none. */
function per(count: number, units: number): number {
  return units > 0 ? count / units : Number.NaN;
}

function runsTable(runs: readonly ReplicasRun[], baseline: number): string {
  return formatTable(
    [
      'round',
      'ENQUEUE_MIN_REPLICAS',
      'events/s',
      `× ${baseline}, same round`,
      'p50 ms',
      'p99 ms',
      'max ms',
      'not 2xx',
      'WAIT calls',
      'events / WAIT',
      'Redis ms / 1,000',
      'cmds / event',
    ],
    runs.map((run) => [
      String(run.round + 1),
      String(run.setting),
      formatCount(run.load.rps),
      run.setting === baseline ? '–' : formatRatio(sameRoundRatio(run, runs, baseline)),
      formatMs(run.load.latencyMs.p50),
      formatMs(run.load.latencyMs.p99),
      formatMs(run.load.latencyMs.max),
      formatCount(run.load.non2xx + run.load.errors),
      formatCount(run.waits),
      formatFixed(per(run.load.status2xx, run.waits), 1),
      formatFixed(run.redis.cpuSecondsPerThousand * 1000, 1),
      formatFixed(run.redis.commands.total, 1),
    ]),
  );
}

interface SettingSummary {
  readonly setting: number;
  readonly rounds: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** The primary's CPU, ms per 1,000 acknowledged events. */
  readonly redisMs: number;
  readonly pairedRatio: number;
  readonly waitsPerEvent: number;
  readonly eventsPerWait: number;
}

function summarise(runs: readonly ReplicasRun[], setting: number, baseline: number): SettingSummary {
  const mine = runs.filter((run) => run.setting === setting);
  const waits = mine.reduce((sum, run) => sum + run.waits, 0);
  const events = mine.reduce((sum, run) => sum + run.load.status2xx, 0);
  return {
    setting,
    rounds: mine.length,
    rps: median(mine.map((run) => run.load.rps)),
    p50: median(mine.map((run) => run.load.latencyMs.p50)),
    p99: median(mine.map((run) => run.load.latencyMs.p99)),
    redisMs: median(mine.map((run) => run.redis.cpuSecondsPerThousand * 1000)),
    pairedRatio: median(mine.map((run) => sameRoundRatio(run, runs, baseline)).filter(Number.isFinite)),
    waitsPerEvent: per(waits, events),
    eventsPerWait: per(events, waits),
  };
}

function summaryTable(runs: readonly ReplicasRun[], settings: readonly number[]): string {
  const baseline = settings[0] ?? 0;
  const summaries = settings.map((setting) => summarise(runs, setting, baseline));
  const base = summaries[0];
  const ratio = (value: number, of: number | undefined) =>
    formatRatio(of === undefined ? Number.NaN : value / of);
  return formatTable(
    [
      'ENQUEUE_MIN_REPLICAS',
      'rounds',
      'events/s (median)',
      `× ${baseline}`,
      `× ${baseline}, median of rounds`,
      'p50 ms',
      `× ${baseline}`,
      'p99 ms',
      `× ${baseline}`,
      'Redis ms / 1,000',
      `× ${baseline}`,
      'WAIT / event',
      'events / WAIT',
    ],
    summaries.map((s) => [
      String(s.setting),
      String(s.rounds),
      formatCount(s.rps),
      ratio(s.rps, base?.rps),
      s.setting === baseline ? '–' : formatRatio(s.pairedRatio),
      formatMs(s.p50),
      ratio(s.p50, base?.p50),
      formatMs(s.p99),
      ratio(s.p99, base?.p99),
      formatFixed(s.redisMs, 1),
      ratio(s.redisMs, base?.redisMs),
      formatFixed(s.waitsPerEvent, 4),
      formatFixed(s.eventsPerWait, 1),
    ]),
  );
}

function accountTable(accounts: readonly ReplicasAccount[]): string {
  return formatTable(
    [
      'ENQUEUE_MIN_REPLICAS',
      'pushed',
      'acked 2xx',
      'not acked',
      'jobs on the replica',
      'jobs − acked',
      'counted',
    ],
    accounts.map((a) => [
      String(a.setting),
      formatCount(a.pushed),
      formatCount(a.acked),
      formatCount(a.pushed - a.acked),
      formatCount(a.jobsOnReplica),
      formatCount(a.jobsOnReplica - a.acked),
      a.beforeCatchUp ? 'as the last push was answered' : 'after a WAIT of the harness',
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
}

/** The replicas section's tables, Markdown. */
export function replicasReport(figures: ReplicasFigures): string {
  const { plan, runs, accounts, loadAverage } = figures;
  const baseline = plan.settings[0] ?? 0;
  return [
    `### 9a. Each round: ${formatCount(plan.eventsPerRound)} pushes, ${plan.connections} connections`,
    '',
    runsTable(runs, baseline),
    '',
    'Latency: push → acknowledgement (the 200), timed by the load generator. Redis: the primary’s CPU and',
    'commands per acknowledged event. WAIT calls: `INFO commandstats` on the primary; one per batch (the pushes',
    'of one event-loop turn, written by one `addBulk`), so events / WAIT is the mean batch.',
    '',
    `### 9b. Per setting, against ENQUEUE_MIN_REPLICAS=${baseline} in the same run`,
    '',
    summaryTable(runs, plan.settings),
    '',
    '### 9c. Every push accounted for on the replica (warm-ups included)',
    '',
    accountTable(accounts),
    '',
    `Load average (1 min): ${formatFixed(loadAverage.start)} at the start, ${formatFixed(loadAverage.end)} at the end.`,
  ].join('\n');
}
