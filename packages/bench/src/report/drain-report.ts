import type { CeilingFigures, CeilingRun } from '../ceiling/ceiling.js';
import type { DrainFigures } from '../drain/drain.js';
import type { ProbeFigures } from '../drain/startup-probe.js';
import { formatCount, formatFixed, formatMiB, formatRatio } from './format-number.js';
import { formatTable } from './format-table.js';

/** The drain section's table, Markdown. */
export function drainReport(drains: readonly DrainFigures[]): string {
  const table = formatTable(
    [
      'workers',
      'events',
      'limits /s, /min',
      'minimum s',
      'worker floor s',
      'start→last s',
      '× minimum',
      'first→last s',
      '× minimum',
      'throttled',
      'dup. receivers',
      'max in 1 s',
      'max in 60 s',
      'completed',
      'failed',
      'worker peak RSS MiB',
    ],
    drains.map((d) => [
      String(d.workers),
      formatCount(d.events),
      `${d.perSecond}, ${d.perMinute}`,
      formatFixed(d.minimumS, 1),
      formatFixed(d.workerFloorS, 1),
      formatFixed(d.wallS, 1),
      formatRatio(d.wallS / d.minimumS),
      formatFixed(d.firstToLastS, 1),
      formatRatio(d.firstToLastS / d.minimumS),
      formatCount(d.stats.throttled),
      formatCount(d.duplicatedReceivers),
      formatCount(d.stats.max_accepted_in_any_second),
      formatCount(d.stats.max_accepted_in_any_minute),
      formatCount(d.completed),
      formatCount(d.failed),
      formatMiB(d.workerPeakRssBytes),
    ]),
  );
  const throttles = drains
    .filter((d) => d.throttledAtS.length > 0)
    .map((d) => `${d.workers} worker(s): ${d.throttledAtS.map((t) => `${formatFixed(t, 2)} s`).join(', ')}`);
  return [
    table,
    '',
    ...(throttles.length > 0
      ? [
          'Throttled sends reached the stand-in at (after the first message):',
          ...throttles.map((line) => `- ${line}`),
          '',
        ]
      : []),
    'start→last: worker processes spawned → last message at the stand-in. worker floor: the minimum under',
    "the worker's own windows (1.05 s, 60.05 s). max in 1 s / 60 s: the stand-in's most accepted sends in any window.",
  ].join('\n');
}

function ceilingRow(
  name: string,
  run: CeilingRun,
  empty: CeilingRun,
  concurrency: number,
  events: number,
): string[] {
  return [
    name,
    String(concurrency),
    formatCount(events),
    formatFixed(run.spanS, 2),
    formatCount(run.jobsPerSecond),
    formatRatio(run.jobsPerSecond / empty.jobsPerSecond),
    formatCount(run.failed),
    formatFixed(run.sample.cpuCores['worker'] ?? Number.NaN),
    formatFixed(run.sample.cpuCores['redis'] ?? Number.NaN),
    run.sample.cpuCores['stand-in'] === undefined ? '–' : formatFixed(run.sample.cpuCores['stand-in']),
    formatMiB(run.sample.peakRssBytes['worker'] ?? Number.NaN),
    formatFixed(run.redisCommands.total, 1),
    run.redisCommands.top.map((entry) => `${entry.command} ${formatFixed(entry.perUnit, 1)}`).join(', '),
  ];
}

/** The queue-ceiling section's table, Markdown. */
export function ceilingReport(ceiling: CeilingFigures): string {
  const { emptyWorker, realWorker, concurrency, events } = ceiling;
  const table = formatTable(
    [
      'one process',
      'concurrency',
      'events',
      'span s',
      'jobs/s',
      '× empty',
      'failed',
      'worker CPU',
      'Redis CPU',
      'stand-in CPU',
      'peak RSS MiB',
      'Redis cmds/job',
      'most frequent /job',
    ],
    [
      ceilingRow('BullMQ Worker, empty processor', emptyWorker, emptyWorker, concurrency, events),
      ceilingRow('our worker, limits lifted', realWorker, emptyWorker, concurrency, events),
    ],
    ['left', ...Array<'right'>(11).fill('right'), 'left'],
  );
  return [
    table,
    '',
    'span: first job taken → last job finished, from the jobs’ own processedOn / finishedOn. CPU in cores.',
    'Redis cmds/job counts what Redis executed, the commands inside Lua scripts included (not round trips).',
  ].join('\n');
}

/** The start-up probe's table, Markdown. */
export function probeReport(probes: readonly ProbeFigures[]): string {
  return formatTable(
    [
      'workers',
      'runs',
      'runs throttled',
      'throttled sends',
      'throttled at (s after first message)',
      'start→last s (each run)',
      'minimum s',
    ],
    probes.map((probe) => {
      const throttled = probe.runs.filter((run) => run.stats.throttled > 0);
      const times = throttled.flatMap((run) => run.throttledAtS);
      return [
        String(probe.workers),
        String(probe.runs.length),
        String(throttled.length),
        formatCount(probe.runs.reduce((sum, run) => sum + run.stats.throttled, 0)),
        times.length === 0
          ? '–'
          : `${formatFixed(Math.min(...times), 2)}–${formatFixed(Math.max(...times), 2)}`,
        probe.runs.map((run) => formatFixed(run.wallS, 1)).join(', '),
        formatFixed(probe.runs[0]?.minimumS ?? Number.NaN, 1),
      ];
    }),
  );
}
