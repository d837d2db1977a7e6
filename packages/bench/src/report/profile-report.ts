import type { ServerProfile } from '../profile/profile-server.js';
import type { WorkerProfile } from '../profile/profile-worker.js';
import type { TimeRow } from '../profile/summarise-cpu-profile.js';
import { TARGET_LABELS } from '../servers/target.js';
import { formatCount, formatFixed } from './format-number.js';
import { formatTable } from './format-table.js';

/** µs of CPU per request served. */
function perRequest(ms: number, profile: ServerProfile): number {
  return (ms * 1000) / profile.requests;
}

function timeRows(list: readonly TimeRow[], profile: ServerProfile): string[][] {
  return list.map((row) => [
    row.name,
    formatFixed(perRequest(row.ms, profile), 1),
    `${formatFixed(row.share * 100, 1)}%`,
  ]);
}

/** Areas of the profiled server side by side with the baseline's, per request. */
function areaTable(profile: ServerProfile, baseline: ServerProfile | undefined): string {
  const base = new Map(baseline?.summary.areas.map((row) => [row.name, row.ms]) ?? []);
  const names = profile.summary.areas
    .filter((row) => perRequest(row.ms, profile) >= 0.5)
    .map((row) => row.name);
  for (const row of baseline?.summary.areas ?? []) {
    if (!names.includes(row.name) && perRequest(row.ms, baseline as ServerProfile) >= 0.5)
      names.push(row.name);
  }
  const ms = new Map(profile.summary.areas.map((row) => [row.name, row.ms]));
  const cell = (value: number | undefined, p: ServerProfile | undefined) =>
    value === undefined || p === undefined ? '0.0' : formatFixed(perRequest(value, p), 1);
  const rows = names.map((name) => {
    const ours = perRequest(ms.get(name) ?? 0, profile);
    const theirs = baseline ? perRequest(base.get(name) ?? 0, baseline) : 0;
    return [name, cell(base.get(name), baseline), cell(ms.get(name), profile), formatFixed(ours - theirs, 1)];
  });
  const busy = (p: ServerProfile | undefined) => (p ? perRequest(p.summary.busyMs, p) : Number.NaN);
  rows.push([
    '**all busy time**',
    formatFixed(busy(baseline), 1),
    formatFixed(busy(profile), 1),
    formatFixed(busy(profile) - busy(baseline), 1),
  ]);
  return formatTable(
    [
      'area (self time)',
      `${baseline ? TARGET_LABELS[baseline.kind] : 'baseline'} µs/req`,
      `${TARGET_LABELS[profile.kind]} µs/req`,
      'Δ µs/req',
    ],
    rows,
  );
}

/** The profile section: where each request's CPU goes in our ingress, against bare Express. */
export function profileReport(profile: ServerProfile, baseline: ServerProfile | undefined): string {
  const line = (p: ServerProfile) =>
    `- ${TARGET_LABELS[p.kind]}: ${formatCount(p.run.rps)} req/s under the profiler; ${formatCount(p.requests)} requests served while profiled; ${formatCount(p.summary.busyMs)} ms busy, ${formatCount(p.summary.idleMs)} ms idle (left out).`;
  return [
    ...(baseline ? [line(baseline)] : []),
    line(profile),
    '',
    areaTable(profile, baseline),
    '',
    `Top functions of ${TARGET_LABELS[profile.kind]} by self time:`,
    '',
    formatTable(['function (self time)', 'µs/req', 'share'], timeRows(profile.summary.functions, profile)),
    '',
    'Our own functions by inclusive time (themselves and what they call synchronously; work resumed',
    'after an await, such as the Redis reply, is charged to the callback that resumes it):',
    '',
    formatTable(['function (inclusive)', 'µs/req', 'share'], timeRows(profile.summary.ours, profile)),
  ].join('\n');
}

/** Where one worker process's CPU goes with the limits lifted, per job. */
export function workerProfileReport(profile: WorkerProfile): string {
  const perJob = (ms: number) => formatFixed((ms * 1000) / profile.events, 1);
  const rows = (list: readonly TimeRow[]) =>
    list.map((row) => [row.name, perJob(row.ms), `${formatFixed(row.share * 100, 1)}%`]);
  return [
    `Worker under the profiler: ${formatCount(profile.run.jobsPerSecond)} jobs/s, ${formatCount(profile.events)} jobs; ${formatCount(profile.summary.busyMs)} ms busy (start-up included), ${formatCount(profile.summary.idleMs)} ms idle (left out).`,
    '',
    formatTable(['area (self time)', 'µs/job', 'share'], rows(profile.summary.areas.slice(0, 15))),
    '',
    formatTable(['function (self time)', 'µs/job', 'share'], rows(profile.summary.functions)),
    '',
    formatTable(['our function (inclusive)', 'µs/job', 'share'], rows(profile.summary.ours)),
  ].join('\n');
}
