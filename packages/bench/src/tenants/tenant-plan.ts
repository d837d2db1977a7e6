import { minimumDrainSeconds } from '../drain/minimum-drain.js';

/** The multi-tenant drain of the default run; every drain of the section uses the same plan. */
export interface TenantPlan {
  /** Tenants with a small backlog each. */
  readonly smallTenants: number;
  /** Events each small tenant has waiting. */
  readonly smallBacklog: number;
  /** Events the one big tenant has waiting: ten times a small one's. */
  readonly bigBacklog: number;
  /** Per-tenant limits, in the worker and the stand-in alike. */
  readonly perSecond: number;
  readonly perMinute: number;
  /** Tenants with no backlog whose single events are timed enqueue → welcome. */
  readonly quietTenants: number;
  /** Quiet events before the backlog, on an idle pipeline: the latency's baseline. */
  readonly idleEvents: number;
  readonly idleIntervalMs: number;
  /** One quiet event this often while the big tenant drains. */
  readonly quietIntervalMs: number;
  /** The worker counts each drain is run with. */
  readonly workerCounts: readonly number[];
}

/**
 * 20 tenants with 30 events each and one with 300, at 10 sends/s and 200/min per tenant: a fifth of
 * Feishu's 50/s and 1000/min, keeping their 1 : 20 ratio (so each minute window has Feishu's shape:
 * 20 s of sending, then waiting for the window). The big tenant needs two minute windows, 69 s at best
 * (60·⌊299 / 200⌋ + ⌊99 / 10⌋); a small one 2 s (⌊29 / 10⌋). Limits per tenant: the 21 tenants together may send
 * 210 a second.
 */
export const TENANT_PLAN: TenantPlan = {
  smallTenants: 20,
  smallBacklog: 30,
  bigBacklog: 300,
  perSecond: 10,
  perMinute: 200,
  quietTenants: 10,
  idleEvents: 30,
  idleIntervalMs: 100,
  quietIntervalMs: 250,
  workerCounts: [1, 2],
};

/** The least the per-tenant limits allow, first send to last: the big tenant's and a small one's. */
export function tenantMinimums(plan: TenantPlan): { readonly bigS: number; readonly smallS: number } {
  return {
    bigS: minimumDrainSeconds(plan.bigBacklog, plan.perSecond, plan.perMinute),
    smallS: minimumDrainSeconds(plan.smallBacklog, plan.perSecond, plan.perMinute),
  };
}
