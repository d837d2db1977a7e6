import type { CeilingFigures } from '../ceiling/ceiling.js';
import type { DrainFigures } from '../drain/drain.js';
import type { TargetFigures } from '../load-ingress.js';
import { TARGET_LABELS } from '../servers/target.js';
import { formatCount, formatMiB } from './format-number.js';
import { formatTable } from './format-table.js';

export interface MemoryInputs {
  readonly ingress: readonly TargetFigures[];
  readonly drains: readonly DrainFigures[];
  readonly ceiling: CeilingFigures | undefined;
}

/** Peak RSS per process and Redis bytes per queued event, Markdown. */
export function memoryReport({ ingress, drains, ceiling }: MemoryInputs): string {
  const rss: string[][] = [
    ...ingress.map((f) => [`${TARGET_LABELS[f.kind]}`, 'all its ingress runs', formatMiB(f.peakRssBytes)]),
    ...drains.map((d) => [
      `worker (largest of ${d.workers})`,
      `drain, ${formatCount(d.events)} events`,
      formatMiB(d.workerPeakRssBytes),
    ]),
  ];
  if (ceiling) {
    rss.push([
      'BullMQ Worker, empty processor',
      'ceiling',
      formatMiB(ceiling.emptyWorker.sample.peakRssBytes['worker'] ?? Number.NaN),
    ]);
    rss.push([
      'worker, limits lifted',
      'ceiling',
      formatMiB(ceiling.realWorker.sample.peakRssBytes['worker'] ?? Number.NaN),
    ]);
  }
  const perJob: string[][] = [];
  const ours = ingress.find((f) => f.kind === 'ingress');
  if (ours?.redisBytesPerJob !== undefined) {
    perJob.push([
      'through the ingress (its runs)',
      formatCount(ours.processed ?? 0),
      formatCount(ours.redisBytesPerJob),
    ]);
  }
  for (const d of drains)
    perJob.push([
      `addBulk, drain burst (${d.workers} workers)`,
      formatCount(d.events),
      formatCount(d.redisBytesPerJob),
    ]);
  if (ceiling) {
    perJob.push([
      'addBulk, ceiling burst',
      formatCount(ceiling.events),
      formatCount(ceiling.emptyWorker.redisBytesPerJob),
    ]);
  }
  return [
    formatTable(['process', 'during', 'peak RSS MiB'], rss, ['left', 'left', 'right']),
    '',
    formatTable(['queued events', 'jobs', 'Redis bytes / job'], perJob),
  ].join('\n');
}
