import { COMPLETED_JOB_RETENTION_S, FAILED_JOB_RETENTION_S } from '@feishu-welcome/shared';
import type { RedisModeFigures } from '../redis/bench-redis.js';
import { jobOwnBytes } from '../redis/memory-snapshot.js';
import type { MemoryGrowth } from '../redis/memory-snapshot.js';
import { retainedJobBytes, unitsPerCore } from '../redis/redis-capacity.js';
import type { RedisUsage } from '../redis/redis-meter.js';
import { formatCount, formatFixed, formatRatio } from './format-number.js';
import { formatTable } from './format-table.js';
import type { CommandsPer } from './redis-commands.js';

const ms = (usage: RedisUsage): string => formatFixed(usage.cpuSecondsPerThousand * 1000, 1);
const top = (commands: CommandsPer): string =>
  commands.top.map((entry) => `${entry.command} ${formatFixed(entry.perUnit, 1)}`).join(', ');
const ratio = (usage: RedisUsage, baseline: RedisUsage): string =>
  formatRatio(usage.cpuSecondsPerThousand / baseline.cpuSecondsPerThousand);

/** Redis's cores, ms per 1,000, its ratio to each baseline, commands per unit, the top ones, the rate per core. */
function usageCells(usage: RedisUsage, baselines: readonly RedisUsage[]): string[] {
  return [
    formatFixed(usage.cores),
    ms(usage),
    ...baselines.map((baseline) => ratio(usage, baseline)),
    formatFixed(usage.commands.total, 1),
    top(usage.commands),
    formatCount(unitsPerCore(usage.cpuSecondsPerThousand)),
  ];
}

function baselineTable(figures: readonly RedisModeFigures[]): string {
  const rows = figures.flatMap(({ mode, baselines: b }) => [
    [
      mode,
      `SET of ${formatCount(b.payloadBytes)} B`,
      formatCount(b.set.units),
      ms(b.set),
      formatFixed(b.set.commands.total, 2),
      formatCount(b.setBytesPerKey),
    ],
    [
      mode,
      'Queue.addBulk, same jobs',
      formatCount(b.addBulk.units),
      ms(b.addBulk),
      formatFixed(b.addBulk.commands.total, 1),
      formatCount(b.addBulkBytesPerJob),
    ],
  ]);
  return formatTable(
    [
      'Redis',
      `baseline write (${figures[0]?.baselines.set.units ?? 0}, 64 per round trip)`,
      'writes',
      'Redis CPU ms / 1,000',
      'cmds / write',
      'used_memory B / write',
    ],
    rows,
    ['left', 'left'],
  );
}

function ingressTable(figures: readonly RedisModeFigures[]): string {
  const rows = figures.flatMap(({ mode, baselines, ingress }) =>
    (
      [
        ['saturating', ingress.max, formatFixed(ingress.maxIngressCores)],
        ['1,000/s', ingress.fixed, '–'],
      ] as const
    ).map(([label, run, ingressCores]) => [
      mode,
      label,
      formatCount(run.load.status2xx),
      formatCount(run.load.rps),
      ingressCores,
      ...usageCells(run.redis, [baselines.set, baselines.addBulk]),
    ]),
  );
  return formatTable(
    [
      'Redis',
      'load',
      'events acked',
      'events/s',
      'ingress CPU',
      'Redis CPU',
      'Redis ms / 1,000 ev.',
      '× SET',
      '× addBulk',
      'cmds / event',
      'most frequent / event',
      'events/s per Redis core',
    ],
    rows,
    ['left', 'left'],
  );
}

function workersTable(figures: readonly RedisModeFigures[]): string {
  const rows = figures.flatMap(({ mode, workers: { empty, ours } }) =>
    (
      [
        ['BullMQ Worker, empty processor', empty],
        ['our worker, limits lifted', ours],
      ] as const
    ).map(([label, drain]) => [
      mode,
      label,
      String(drain.workers),
      formatCount(drain.completed),
      formatCount(drain.jobsPerSecond),
      formatRatio(drain.jobsPerSecond / empty.jobsPerSecond),
      ...usageCells(drain.redis, [empty.redis]),
    ]),
  );
  return formatTable(
    [
      'Redis',
      'processes',
      'n',
      'jobs',
      'jobs/s',
      '× empty',
      'Redis CPU',
      'Redis ms / 1,000 jobs',
      '× empty',
      'cmds / job',
      'most frequent / job',
      'jobs/s per Redis core',
    ],
    rows,
    ['left', 'left'],
  );
}

function memoryRow(mode: string, state: string, jobs: number, growth: MemoryGrowth): string[] {
  const b = growth.bytesPerUnit;
  return [
    mode,
    state,
    formatCount(jobs),
    formatCount(growth.usedMemoryPerUnit),
    formatCount(jobOwnBytes(growth)),
    formatCount(b.job),
    formatCount(b.queue),
    formatCount(b['events-stream']),
    formatCount(b.onboarded),
    formatCount(b.limiter),
    formatCount(b.other),
  ];
}

function memoryTable(figures: readonly RedisModeFigures[]): string {
  const rows = figures.flatMap(({ mode, workers: { memory } }) => [
    memoryRow(mode, 'queued (waiting)', memory.events, memory.queued),
    memoryRow(mode, 'completed (kept 48 h)', memory.events, memory.completed),
    memoryRow(mode, 'failed (kept 14 d)', memory.failures, memory.failed),
  ]);
  return formatTable(
    [
      'Redis',
      'jobs',
      'n',
      'used_memory B / job',
      'the job’s own B',
      'job hash',
      'queue sets',
      'events stream',
      'welcome record',
      'limiter',
      'other',
    ],
    rows,
    ['left', 'left'],
  );
}

const GIB = 2 ** 30;

/** End to end per event and memory per 1M events a day, from the first mode's figures. */
function capacityLines(first: RedisModeFigures): string {
  const { ingress, workers } = first;
  const perEventMs =
    (ingress.fixed.redis.cpuSecondsPerThousand + workers.ours.redis.cpuSecondsPerThousand) * 1000;
  const retention = {
    completedBytes: jobOwnBytes(workers.memory.completed),
    failedBytes: jobOwnBytes(workers.memory.failed),
    completedRetentionS: COMPLETED_JOB_RETENTION_S,
    failedRetentionS: FAILED_JOB_RETENTION_S,
  };
  const gib = (share: number): string => formatFixed(retainedJobBytes(1_000_000, share, retention) / GIB, 2);
  return [
    `- End to end (${first.mode}): ingress at 1,000/s + our worker = ${formatFixed(perEventMs, 1)} ms of Redis CPU per 1,000 events → ≈ ${formatCount(unitsPerCore(perEventMs / 1000))} events/s per fully busy Redis core (upper bound).`,
    `- Ingress events acknowledged: ${formatCount(ingress.total2xx)}; jobs in Redis: ${formatCount(ingress.jobs)}.`,
    `- Retained per 1M events/day (the job's own bytes × retention): ${gib(0)} GiB with none failed, ${gib(0.01)} GiB with 1 % failed, ${gib(0.1)} GiB with 10 % failed; plus ${formatCount(workers.memory.completed.bytesPerUnit.onboarded)} B per new user welcomed, kept forever.`,
    `- Redis CPU per 1,000 events from ${ms(ingress.fixed.redis)} ms (1,000/s) to ${ms(ingress.max.redis)} ms (saturating): the ingress writes larger batches under load.`,
  ].join('\n');
}

/** Section 8: what one Redis spends per event, per job and per kept job. */
export function redisReport(figures: readonly RedisModeFigures[]): string {
  const first = figures[0];
  return [
    baselineTable(figures),
    '',
    ingressTable(figures),
    '',
    workersTable(figures),
    '',
    memoryTable(figures),
    '',
    'Redis CPU from INFO cpu (used_cpu_user + used_cpu_sys of the redis-server, every thread), in cores over each run;',
    'cmds counted by INFO commandstats (inside Lua scripts included). "per Redis core": 1,000 / (CPU s per 1,000).',
    ...(first ? ['', capacityLines(first)] : []),
  ].join('\n');
}
