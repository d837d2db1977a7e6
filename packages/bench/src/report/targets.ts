import type { CeilingFigures } from '../ceiling/ceiling.js';
import type { DrainFigures } from '../drain/drain.js';
import type { ProbeFigures } from '../drain/startup-probe.js';
import type { TargetFigures } from '../load-ingress.js';
import type { TenantsFigures } from '../tenants/bench-tenants.js';
import type { WsClientFigures } from '../websocket/bench-websocket.js';
import { formatCount, formatFixed, formatMs, formatRatio } from './format-number.js';
import { formatTable } from './format-table.js';
import { tenantTargets } from './tenant-targets.js';
import { cpuPerEventUs, wsPair } from './websocket-report.js';

export type Verdict = 'PASS' | 'MISS' | 'info';

export interface TargetRow {
  readonly target: string;
  readonly figure: string;
  readonly ratio: string;
  readonly verdict: Verdict;
}

/**
 * Feishu counts a push as failed when the 200 takes longer than this.
 * Source: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
 */
const FEISHU_ACK_DEADLINE_MS = 3_000;

function verdict(pass: boolean): Verdict {
  return pass ? 'PASS' : 'MISS';
}

function ingressTargets(figures: readonly TargetFigures[]): TargetRow[] {
  const [bare, sdk, ours] = ['bare-express', 'feishu-sdk', 'ingress'].map((kind) =>
    figures.find((f) => f.kind === kind),
  );
  if (!bare || !sdk || !ours) return [];
  const toBare = ours.max.rps / bare.max.rps;
  const p99 = ours.fixed.latencyMs.p99;
  const runs = (f: TargetFigures) => [f.warmup, f.max, f.fixed, f.nearMax];
  const worst = Math.max(...runs(ours).map((run) => run.latencyMs.max));
  const non2xx = figures.reduce(
    (sum, f) => sum + runs(f).reduce((s, run) => s + run.non2xx + run.errors, 0),
    0,
  );
  return [
    {
      target: '(c) max throughput ≥ 0.8 × (a) bare Express',
      figure: `${formatCount(ours.max.rps)} vs ${formatCount(bare.max.rps)} req/s`,
      ratio: formatRatio(toBare),
      verdict: verdict(toBare >= 0.8),
    },
    {
      target: '(c) max throughput vs (b) Feishu SDK',
      figure: `${formatCount(ours.max.rps)} vs ${formatCount(sdk.max.rps)} req/s`,
      ratio: formatRatio(ours.max.rps / sdk.max.rps),
      verdict: 'info',
    },
    {
      target: '(c) p99 ≤ 25 ms at 1,000 events/s',
      figure: `${formatMs(p99)} ms`,
      ratio: formatRatio(p99 / 25),
      verdict: verdict(p99 <= 25),
    },
    {
      target: '(c) slowest ack ≤ 1/3 of Feishu’s 3 s, every run',
      figure: `${formatMs(worst)} ms`,
      ratio: formatRatio(worst / FEISHU_ACK_DEADLINE_MS),
      verdict: verdict(worst <= FEISHU_ACK_DEADLINE_MS / 3),
    },
    {
      target: '(c) every 2xx is a stored job',
      figure: `${formatCount(ours.processed ?? 0)} jobs / ${formatCount(ours.total2xx)} 2xx`,
      ratio: formatRatio((ours.processed ?? 0) / ours.total2xx),
      verdict: verdict(ours.processed === ours.total2xx),
    },
    {
      target: 'non-2xx + errors, all servers, all runs = 0',
      figure: formatCount(non2xx),
      ratio: '–',
      verdict: verdict(non2xx === 0),
    },
  ];
}

function drainTargets(drains: readonly DrainFigures[]): TargetRow[] {
  return drains.flatMap((d) => {
    const ratio = d.wallS / d.minimumS;
    const within =
      d.stats.max_accepted_in_any_second <= d.perSecond && d.stats.max_accepted_in_any_minute <= d.perMinute;
    return [
      {
        target: `drain, ${d.workers} worker(s): start→last ≤ 1.03 × minimum`,
        figure: `${formatFixed(d.wallS, 1)} s vs ${formatFixed(d.minimumS, 1)} s`,
        ratio: formatRatio(ratio),
        verdict: verdict(ratio <= 1.03),
      },
      {
        target: `drain, ${d.workers} worker(s): throttled = 0`,
        figure: formatCount(d.stats.throttled),
        ratio: '–',
        verdict: verdict(d.stats.throttled === 0),
      },
      {
        target: `drain, ${d.workers} worker(s): duplicates = 0, all delivered`,
        figure: `${formatCount(d.duplicatedReceivers)} dup., ${formatCount(d.delivered)}/${formatCount(d.events)}`,
        ratio: '–',
        verdict: verdict(d.duplicatedReceivers === 0 && d.delivered === d.events),
      },
      {
        target: `drain, ${d.workers} worker(s): peaks within the limits`,
        figure: `${d.stats.max_accepted_in_any_second}/${d.perSecond} per s, ${d.stats.max_accepted_in_any_minute}/${d.perMinute} per min`,
        ratio: formatRatio(
          Math.max(
            d.stats.max_accepted_in_any_second / d.perSecond,
            d.stats.max_accepted_in_any_minute / d.perMinute,
          ),
        ),
        verdict: verdict(within),
      },
    ];
  });
}

function ceilingTargets(ceiling: CeilingFigures | undefined): TargetRow[] {
  if (!ceiling) return [];
  const ratio = ceiling.realWorker.jobsPerSecond / ceiling.emptyWorker.jobsPerSecond;
  return [
    {
      target: 'worker jobs/s (limits lifted) vs empty BullMQ Worker',
      figure: `${formatCount(ceiling.realWorker.jobsPerSecond)} vs ${formatCount(ceiling.emptyWorker.jobsPerSecond)} jobs/s`,
      ratio: formatRatio(ratio),
      verdict: 'info',
    },
  ];
}

function probeTargets(probes: readonly ProbeFigures[]): TargetRow[] {
  return probes.map((probe) => {
    const throttled = probe.runs.filter((run) => run.stats.throttled > 0).length;
    return {
      target: `start-up probe, ${probe.workers} worker(s): runs with no throttling`,
      figure: `${probe.runs.length - throttled} of ${probe.runs.length}`,
      ratio: formatRatio((probe.runs.length - throttled) / probe.runs.length),
      verdict: verdict(throttled === 0),
    };
  });
}

function websocketTargets(figures: readonly WsClientFigures[]): TargetRow[] {
  const pair = wsPair(figures);
  if (!pair) return [];
  const { sdk, ours } = pair;
  const throughput = ours.max.flatMap((run) => {
    const base = sdk.max.find((b) => b.window === run.window);
    if (!base) return [];
    return [
      {
        target: `ws (c) events/s vs (b) SDK WSClient, window ${run.window}`,
        figure: `${formatCount(run.eventsPerSecond)} vs ${formatCount(base.eventsPerSecond)} events/s`,
        ratio: formatRatio(run.eventsPerSecond / base.eventsPerSecond),
        verdict: 'info' as const,
      },
      {
        target: `ws (c) client CPU per event vs (b), window ${run.window}`,
        figure: `${formatCount(cpuPerEventUs(run))} vs ${formatCount(cpuPerEventUs(base))} µs`,
        ratio: formatRatio(cpuPerEventUs(run) / cpuPerEventUs(base)),
        verdict: 'info' as const,
      },
    ];
  });
  const p = (f: WsClientFigures) => f.fixed.latencyMs;
  const allAcked = figures.every((f) => f.totalAcked === f.totalPushed);
  return [
    ...throughput,
    {
      target: `ws (c) ack p50 vs (b) at ${formatCount(ours.fixedRate)}/s`,
      figure: `${formatMs(p(ours).p50)} vs ${formatMs(p(sdk).p50)} ms`,
      ratio: formatRatio(p(ours).p50 / p(sdk).p50),
      verdict: 'info',
    },
    {
      target: `ws (c) ack p99 vs (b) at ${formatCount(ours.fixedRate)}/s`,
      figure: `${formatMs(p(ours).p99)} vs ${formatMs(p(sdk).p99)} ms`,
      ratio: formatRatio(p(ours).p99 / p(sdk).p99),
      verdict: 'info',
    },
    {
      target: 'ws (c) every push stored once as a job',
      figure: `${formatCount(ours.processed)} jobs / ${formatCount(ours.totalPushed)} pushed`,
      ratio: formatRatio(ours.processed / ours.totalPushed),
      verdict: verdict(ours.processed === ours.totalPushed),
    },
    {
      target: 'ws (b), (c) every push acked 200 at once',
      figure: figures.map((f) => `${formatCount(f.totalAcked)}/${formatCount(f.totalPushed)}`).join(', '),
      ratio: '–',
      verdict: verdict(allAcked),
    },
  ];
}

/** The final table: every target with its figure, the ratio and PASS/MISS. */
export function targetsReport(
  ingress: readonly TargetFigures[],
  drains: readonly DrainFigures[],
  ceiling: CeilingFigures | undefined,
  probes: readonly ProbeFigures[] = [],
  websocket: readonly WsClientFigures[] = [],
  tenants?: TenantsFigures,
): string {
  const rows = [
    ...ingressTargets(ingress),
    ...drainTargets(drains),
    ...probeTargets(probes),
    ...ceilingTargets(ceiling),
    ...websocketTargets(websocket),
    ...tenantTargets(tenants),
  ];
  return formatTable(
    ['target', 'figure', 'ratio', 'verdict'],
    rows.map((row) => [row.target, row.figure, row.ratio, row.verdict]),
    ['left', 'right', 'right', 'left'],
  );
}
