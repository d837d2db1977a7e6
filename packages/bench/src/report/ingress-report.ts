import type { LoadResult } from '../load/load-spec.js';
import type { LoadPlan } from '../load/load-plan.js';
import type { TargetFigures } from '../load-ingress.js';
import { TARGET_LABELS } from '../servers/target.js';
import { formatCount, formatFixed, formatMiB, formatMs, formatRatio } from './format-number.js';
import { formatTable } from './format-table.js';

function latencyCells(run: LoadResult): string[] {
  const { p50, p99, p999, max } = run.latencyMs;
  return [formatMs(p50), formatMs(p99), formatMs(p999), formatMs(max)];
}

function byKind(figures: readonly TargetFigures[], kind: TargetFigures['kind']): TargetFigures | undefined {
  return figures.find((f) => f.kind === kind);
}

function maxTable(figures: readonly TargetFigures[]): string {
  const bare = byKind(figures, 'bare-express')?.max.rps ?? Number.NaN;
  const sdk = byKind(figures, 'feishu-sdk')?.max.rps ?? Number.NaN;
  return formatTable(
    [
      'server',
      'req/s',
      '× (a)',
      '× (b)',
      'p50 ms',
      'p99 ms',
      'p99.9 ms',
      'max ms',
      'requests',
      'server CPU',
      'Redis CPU',
      'load CPU',
    ],
    figures.map((f) => [
      TARGET_LABELS[f.kind],
      formatCount(f.max.rps),
      formatRatio(f.max.rps / bare),
      formatRatio(f.max.rps / sdk),
      ...latencyCells(f.max),
      formatCount(f.max.responses),
      formatFixed(f.maxRunCpu.server),
      formatFixed(f.maxRunCpu.redis),
      formatFixed(f.maxRunCpu.load),
    ]),
  );
}

function rateTable(
  figures: readonly TargetFigures[],
  pick: (f: TargetFigures) => LoadResult,
  asked: (f: TargetFigures) => number,
): string {
  return formatTable(
    ['server', 'asked req/s', 'got req/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'requests'],
    figures.map((f) => [
      TARGET_LABELS[f.kind],
      formatCount(asked(f)),
      formatCount(pick(f).rps),
      ...latencyCells(pick(f)),
      formatCount(pick(f).responses),
    ]),
  );
}

function checksTable(figures: readonly TargetFigures[]): string {
  return formatTable(
    [
      'server',
      'requests',
      '2xx',
      'non-2xx',
      'errors',
      'repeats',
      'processed',
      'processed − 2xx',
      'max ms (all runs)',
      'peak RSS MiB',
    ],
    figures.map((f) => {
      const runs = [f.warmup, f.max, f.fixed, f.nearMax];
      const sum = (pick: (run: LoadResult) => number) => runs.reduce((total, run) => total + pick(run), 0);
      return [
        TARGET_LABELS[f.kind],
        formatCount(sum((run) => run.responses)),
        formatCount(f.total2xx),
        formatCount(sum((run) => run.non2xx)),
        formatCount(sum((run) => run.errors)),
        formatCount(f.totalRepeats),
        f.processed === undefined ? '–' : formatCount(f.processed),
        f.processed === undefined ? '–' : formatCount(f.processed - f.total2xx),
        formatMs(Math.max(...runs.map((run) => run.latencyMs.max))),
        formatMiB(f.peakRssBytes),
      ];
    }),
  );
}

function redisCommandsLine(figures: readonly TargetFigures[]): string[] {
  const commands = figures.find((f) => f.kind === 'ingress')?.redisCommands;
  if (!commands) return [];
  const top = commands.top.map((entry) => `${entry.command} ${formatFixed(entry.perUnit, 2)}`).join(', ');
  return [`(c) Redis commands per accepted event: ${formatFixed(commands.total, 2)} (${top}).`];
}

/** The ingress section's tables, Markdown. */
export function ingressReport(figures: readonly TargetFigures[], plan: LoadPlan): string {
  return [
    `### 1a. Max throughput (saturating, ${plan.saturationConnections} connections, ~${plan.durationS} s after a ${formatCount(plan.warmupRequests)}-request warm-up)`,
    '',
    maxTable(figures),
    '',
    `CPU columns: cores busy during the max run (2 = the whole machine).`,
    '',
    `### 1b. Latency at a fixed ${formatCount(plan.fixedRate)} events/s (${plan.rateConnections} connections, ${plan.durationS} s)`,
    '',
    rateTable(
      figures,
      (f) => f.fixed,
      () => plan.fixedRate,
    ),
    '',
    `### 1c. Latency near each server's max (${Math.round(plan.nearMaxFraction * 100)}% of its 1a figure, ${plan.rateConnections} connections, ${plan.durationS} s)`,
    '',
    rateTable(
      figures,
      (f) => f.nearMax,
      (f) => f.nearMaxRate,
    ),
    '',
    '### 1d. Every answer accounted for (all runs of each server, warm-up included)',
    '',
    checksTable(figures),
    '',
    'processed: (b) calls of the SDK handler; (c) jobs in Redis. repeats: requests that reused a push.',
    ...redisCommandsLine(figures),
  ].join('\n');
}
