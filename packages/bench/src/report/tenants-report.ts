import type { CeilingRun } from '../ceiling/ceiling.js';
import type { TenantsFigures } from '../tenants/bench-tenants.js';
import type { LatencySummary } from './percentiles.js';
import { formatCount, formatFixed, formatMs, formatRatio } from './format-number.js';
import { formatTable } from './format-table.js';

function latencyRow(workers: number, phase: string, latency: LatencySummary, idleP50: number): string[] {
  return [
    String(workers),
    phase,
    formatCount(latency.count),
    formatMs(latency.p50),
    formatMs(latency.p99),
    formatMs(latency.max),
    formatRatio(latency.p50 / idleP50),
    formatRatio(latency.p99 / idleP50),
    formatRatio(latency.max / idleP50),
  ];
}

/** The multi-tenant section's tables, Markdown. */
export function tenantsReport({ plan, drains, selfBuilt, lifted }: TenantsFigures): string {
  const backlog = plan.smallTenants * plan.smallBacklog + plan.bigBacklog;
  const drainTable = formatTable(
    [
      'workers',
      'backlog',
      'minimum s',
      'worker floor s',
      'backlog→last s',
      '× minimum',
      'big first→last s',
      '× minimum',
      'small tenants done s',
      'throttled',
      'refused',
      're-sent',
      'dup. receivers',
      'busiest tenant 1 s / 60 s',
      'delivered',
      'failed',
    ],
    drains.map((d) => [
      String(d.workers),
      formatCount(backlog),
      formatFixed(d.minimumS, 1),
      formatFixed(d.workerFloorS, 1),
      formatFixed(d.backlogToLastS, 1),
      formatRatio(d.backlogToLastS / d.minimumS),
      formatFixed(d.bigFirstToLastS, 1),
      formatRatio(d.bigFirstToLastS / d.minimumS),
      formatFixed(d.smallDoneS, 1),
      formatCount(d.throttled),
      formatCount(d.rejected),
      formatCount(d.deduplicated),
      formatCount(d.duplicatedReceivers),
      `${d.busiest.perSecond} / ${d.busiest.perMinute}`,
      `${formatCount(d.delivered)}/${formatCount(d.expected)}`,
      formatCount(d.failed),
    ]),
  );
  const latencyTable = formatTable(
    [
      'workers',
      'quiet tenants’ events',
      'events',
      'p50 ms',
      'p99 ms',
      'max ms',
      'p50 × idle',
      'p99 × idle',
      'max × idle',
    ],
    drains.flatMap((d) => [
      latencyRow(d.workers, 'idle pipeline', d.idle, d.idle.p50),
      latencyRow(d.workers, 'behind the backlog, all', d.behindBacklog, d.idle.p50),
      latencyRow(d.workers, '… while small tenants drain', d.whileSmallDrain, d.idle.p50),
      latencyRow(d.workers, '… big tenant’s backlog only', d.bigOnly, d.idle.p50),
    ]),
    ['right', 'left'],
  );
  const oneTenant = lifted.find((run) => run.tenants === 1);
  const liftedRow = (
    label: string,
    run: CeilingRun,
    extra: { tokens: string; delivered: string; duplicated: string },
  ) => [
    label,
    formatCount(run.completed + run.failed),
    formatCount(run.jobsPerSecond),
    formatRatio(run.jobsPerSecond / (oneTenant?.jobsPerSecond ?? Number.NaN)),
    formatFixed(run.spanS, 2),
    extra.delivered,
    formatCount(run.failed),
    extra.duplicated,
    extra.tokens,
    formatFixed(run.sample.cpuCores['worker'] ?? Number.NaN),
    formatFixed(run.sample.cpuCores['stand-in'] ?? Number.NaN),
    formatFixed(run.sample.cpuCores['redis'] ?? Number.NaN),
    formatFixed(run.redisCommands.total, 1),
  ];
  const liftedTable = formatTable(
    [
      'one worker process',
      'events',
      'jobs/s',
      '× store, 1 tenant',
      'span s',
      'delivered',
      'failed',
      'dup. receivers',
      'tenant tokens',
      'worker CPU',
      'stand-in CPU',
      'Redis CPU',
      'Redis cmds/job',
    ],
    [
      ...lifted.map((run) =>
        liftedRow(`store app, ${formatCount(run.tenants)} tenant(s)`, run, {
          tokens: formatCount(run.tokensIssued),
          delivered: formatCount(run.delivered),
          duplicated: formatCount(run.duplicatedReceivers),
        }),
      ),
      liftedRow('self-built, 1 tenant', selfBuilt, { tokens: '–', delivered: '–', duplicated: '–' }),
    ],
    ['left'],
  );
  const missing = drains
    .filter((d) => d.quietMissing > 0)
    .map((d) => `${d.workers} worker(s): ${d.quietMissing}`);
  return [
    `${plan.smallTenants} tenants with ${plan.smallBacklog} events each and one with ${plan.bigBacklog}, at ${plan.perSecond}/s and ${plan.perMinute}/min per tenant (worker and stand-in), a store app:`,
    '',
    drainTable,
    '',
    'minimum: the big tenant’s, first send to last, under the per-tenant limits (a small tenant’s: ' +
      `${formatFixed(drains[0]?.smallMinimumS ?? Number.NaN, 1)} s). backlog→last: the backlog enqueued → its last message at the stand-in.`,
    'busiest tenant: the most sends (every attempt) one tenant made in any 1 s / 60 s window, from the stand-in’s request log.',
    '',
    `Quiet tenants’ single events (${plan.quietTenants} tenants in turn), enqueue → welcome at the stand-in: ${plan.idleEvents} on the idle pipeline first, then one every ${plan.quietIntervalMs} ms while the backlog drains:`,
    '',
    latencyTable,
    ...(missing.length > 0 ? ['', `Quiet events never welcomed: ${missing.join(', ')}.`] : []),
    '',
    'Limits lifted (worker and stand-in), one worker process, concurrency 16, the same events from one tenant or many:',
    '',
    liftedTable,
    '',
    'jobs/s over the jobs’ own processedOn → finishedOn span; CPU in cores; Redis cmds/job as in the queue-ceiling section.',
  ].join('\n');
}
