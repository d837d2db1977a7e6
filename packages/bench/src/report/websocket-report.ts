import { WS_CLIENT_LABELS } from '../websocket/start-ws-client.js';
import type { WsClientFigures, WsMaxRun } from '../websocket/bench-websocket.js';
import { formatCount, formatFixed, formatMiB, formatMs, formatRatio } from './format-number.js';
import { formatTable } from './format-table.js';

/** The SDK's client, the baseline every ratio is taken against, and ours; undefined unless both ran. */
export function wsPair(
  figures: readonly WsClientFigures[],
): { readonly sdk: WsClientFigures; readonly ours: WsClientFigures } | undefined {
  const sdk = figures.find((f) => f.kind === 'feishu-sdk-ws');
  const ours = figures.find((f) => f.kind === 'ingress-ws');
  return sdk && ours ? { sdk, ours } : undefined;
}

/** CPU the client spent per acknowledged event, in µs: less sensitive to a busy machine than events/s. */
export function cpuPerEventUs(run: WsMaxRun): number {
  return (run.cpu.client / run.eventsPerSecond) * 1e6;
}

function maxTable(figures: readonly WsClientFigures[]): string {
  const baseline = figures.find((f) => f.kind === 'feishu-sdk-ws');
  const rows = figures.flatMap((f) =>
    f.max.map((run) => {
      const base = baseline?.max.find((b) => b.window === run.window);
      return [
        WS_CLIENT_LABELS[f.kind],
        String(run.window),
        formatCount(run.eventsPerSecond),
        formatRatio(base ? run.eventsPerSecond / base.eventsPerSecond : Number.NaN),
        formatMs(run.latencyMs.p50),
        formatMs(run.latencyMs.p99),
        formatMs(run.latencyMs.max),
        formatCount(run.pushed),
        formatCount(run.failed),
        formatFixed(run.cpu.client),
        formatCount(cpuPerEventUs(run)),
        formatFixed(run.cpu.standIn),
        formatFixed(run.cpu.redis),
      ];
    }),
  );
  return formatTable(
    [
      'client',
      'window',
      'events/s',
      '× (b)',
      'p50 ms',
      'p99 ms',
      'max ms',
      'events',
      'not acked',
      'client CPU',
      'client µs/event',
      'stand-in CPU',
      'Redis CPU',
    ],
    rows,
  );
}

function fixedTable(figures: readonly WsClientFigures[]): string {
  const baseline = figures.find((f) => f.kind === 'feishu-sdk-ws')?.fixed;
  return formatTable(
    ['client', 'asked /s', 'got /s', 'p50 ms', '× (b)', 'p99 ms', '× (b)', 'p99.9 ms', 'max ms', 'events'],
    figures.map((f) => [
      WS_CLIENT_LABELS[f.kind],
      formatCount(f.fixedRate),
      formatCount(f.fixed.eventsPerSecond),
      formatMs(f.fixed.latencyMs.p50),
      formatRatio(baseline ? f.fixed.latencyMs.p50 / baseline.latencyMs.p50 : Number.NaN),
      formatMs(f.fixed.latencyMs.p99),
      formatRatio(baseline ? f.fixed.latencyMs.p99 / baseline.latencyMs.p99 : Number.NaN),
      formatMs(f.fixed.latencyMs.p999),
      formatMs(f.fixed.latencyMs.max),
      formatCount(f.fixed.pushed),
    ]),
  );
}

function accountTable(figures: readonly WsClientFigures[]): string {
  return formatTable(
    ['client', 'pushed', 'acked 200', 'not acked', 'processed', 'processed − pushed', 'peak RSS MiB'],
    figures.map((f) => [
      WS_CLIENT_LABELS[f.kind],
      formatCount(f.totalPushed),
      formatCount(f.totalAcked),
      formatCount(f.totalPushed - f.totalAcked),
      formatCount(f.processed),
      formatCount(f.processed - f.totalPushed),
      formatMiB(f.peakRssBytes),
    ]),
  );
}

/** The websocket section's tables, Markdown. */
export function websocketReport(figures: readonly WsClientFigures[]): string {
  const fixedRate = figures[0]?.fixedRate ?? Number.NaN;
  return [
    '### 6a. Max throughput: a fixed window of unacknowledged pushes',
    '',
    maxTable(figures),
    '',
    'CPU columns: cores busy during the run (2 = the whole machine); client µs/event: its CPU per acknowledged event.',
    'Latency: push → acknowledgement, timed by the stand-in.',
    '',
    `### 6b. Acknowledgement latency at a fixed ${formatCount(fixedRate)} events/s`,
    '',
    fixedTable(figures),
    '',
    '### 6c. Every push accounted for (all runs, warm-up included)',
    '',
    accountTable(figures),
    '',
    'processed: (b) calls of the SDK handler; (c) jobs in Redis. Every push carries an event id of its own.',
  ].join('\n');
}
