import type { TenantsFigures } from '../tenants/bench-tenants.js';
import { formatCount, formatFixed, formatMs, formatRatio } from './format-number.js';
import type { TargetRow } from './targets.js';

/**
 * The multi-tenant section's rows of the summary: the drain held to the drain section's 1.03 ×, the
 * per-tenant limits and "never twice" as PASS/MISS, the quiet tenant's latency and the limits-lifted
 * rate as information (the issue sets no target for them).
 */
export function tenantTargets(figures: TenantsFigures | undefined): TargetRow[] {
  if (!figures) return [];
  const { plan, drains, lifted } = figures;
  const rows = drains.flatMap((d): TargetRow[] => {
    const ratio = d.backlogToLastS / d.minimumS;
    const held = d.busiest.perSecond <= plan.perSecond && d.busiest.perMinute <= plan.perMinute;
    return [
      {
        target: `tenants, ${d.workers} worker(s): backlog→last ≤ 1.03 × minimum`,
        figure: `${formatFixed(d.backlogToLastS, 1)} s vs ${formatFixed(d.minimumS, 1)} s`,
        ratio: formatRatio(ratio),
        verdict: ratio <= 1.03 ? 'PASS' : 'MISS',
      },
      {
        target: `tenants, ${d.workers} worker(s): each tenant within its limits, throttled = 0`,
        figure: `${d.busiest.perSecond}/${plan.perSecond} per s, ${d.busiest.perMinute}/${plan.perMinute} per min, ${formatCount(d.throttled)} thr.`,
        ratio: '–',
        verdict: held && d.throttled === 0 ? 'PASS' : 'MISS',
      },
      {
        target: `tenants, ${d.workers} worker(s): nothing sent twice, all delivered`,
        figure: `${formatCount(d.duplicatedReceivers + d.deduplicated)} twice, ${formatCount(d.delivered)}/${formatCount(d.expected)}`,
        ratio: '–',
        verdict:
          d.duplicatedReceivers === 0 && d.deduplicated === 0 && d.delivered === d.expected ? 'PASS' : 'MISS',
      },
      {
        target: `tenants, ${d.workers} worker(s): quiet tenant behind the backlog, p50 / p99 / max`,
        figure: `${formatMs(d.behindBacklog.p50)} / ${formatMs(d.behindBacklog.p99)} / ${formatMs(d.behindBacklog.max)} ms`,
        ratio: formatRatio(d.behindBacklog.p99 / d.idle.p50),
        verdict: 'info',
      },
    ];
  });
  const [one, many] = lifted;
  if (one && many) {
    rows.push({
      target: `limits lifted: ${formatCount(many.tenants)} tenants vs 1, jobs/s`,
      figure: `${formatCount(many.jobsPerSecond)} vs ${formatCount(one.jobsPerSecond)} jobs/s`,
      ratio: formatRatio(many.jobsPerSecond / one.jobsPerSecond),
      verdict: 'info',
    });
  }
  return rows;
}
