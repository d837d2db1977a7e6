/**
 * The most of `times` (ms, in any order) that fall in any one window of `windowMs`, the way Feishu and
 * the stand-in count: a time t is inside the window at `now` while t > now − windowMs. The busiest
 * window always ends at one of the times, so only those are tried.
 */
export function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = Float64Array.from(times).sort();
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    const end = sorted[last] ?? 0;
    while ((sorted[first] ?? end) <= end - windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** One send as the stand-in's request log has it: when it arrived, from which tenant's token. */
export interface TenantSend {
  readonly at: number;
  readonly tenant_key: string | null;
}

/** The busiest tenant in windows of 1 s and 60 s. */
export interface TenantPeaks {
  readonly perSecond: number;
  readonly perMinute: number;
  /** Tenants that sent at least once. */
  readonly tenants: number;
}

/**
 * The most sends any one tenant made in any 1 s and any 60 s window: what Feishu's per-app, per-tenant
 * limits are held against. Sends without a tenant (refused before the token was read) are left out.
 */
export function busiestTenantWindows(sends: readonly TenantSend[]): TenantPeaks {
  const byTenant = new Map<string, number[]>();
  for (const send of sends) {
    if (send.tenant_key === null) continue;
    const times = byTenant.get(send.tenant_key) ?? [];
    times.push(send.at);
    byTenant.set(send.tenant_key, times);
  }
  let perSecond = 0;
  let perMinute = 0;
  for (const times of byTenant.values()) {
    perSecond = Math.max(perSecond, maxInAnyWindow(times, 1_000));
    perMinute = Math.max(perMinute, maxInAnyWindow(times, 60_000));
  }
  return { perSecond, perMinute, tenants: byTenant.size };
}
