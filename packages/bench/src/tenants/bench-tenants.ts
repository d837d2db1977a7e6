import type { Redis } from 'ioredis';
import { type CeilingRun, runLiftedWorker } from '../ceiling/ceiling.js';
import { type LiftedTenantsRun, runLiftedTenants } from './run-lifted-tenants.js';
import { type TenantDrainFigures, runTenantDrain } from './run-tenant-drain.js';
import type { TenantPlan } from './tenant-plan.js';

/** Events in each limits-lifted run. */
export const LIFTED_EVENTS = 5_000;
/** The store app's limits-lifted runs: the same events from one tenant, then from 500. */
export const LIFTED_SHAPES = [
  { tenants: 1, eventsPerTenant: LIFTED_EVENTS },
  { tenants: 500, eventsPerTenant: LIFTED_EVENTS / 500 },
] as const;

export interface TenantsFigures {
  readonly plan: TenantPlan;
  readonly drains: readonly TenantDrainFigures[];
  /** The queue-ceiling section's self-built worker, one tenant, the same events. */
  readonly selfBuilt: CeilingRun;
  readonly lifted: readonly LiftedTenantsRun[];
}

/**
 * The multi-tenant section: the plan's drain with each worker count, then with the limits lifted the
 * store app's worker with one tenant and with many, and the self-built worker with its one tenant.
 */
export async function benchTenants(
  plan: TenantPlan,
  redis: Redis,
  redisUrl: string,
  progress: (text: string) => void,
): Promise<TenantsFigures> {
  const drains: TenantDrainFigures[] = [];
  for (const workers of plan.workerCounts) {
    progress(`tenants: drain with ${workers} worker(s)`);
    drains.push(await runTenantDrain(plan, workers, redisUrl));
  }
  const lifted: LiftedTenantsRun[] = [];
  for (const shape of LIFTED_SHAPES) {
    progress(`tenants: limits lifted, ${shape.tenants} tenant(s) × ${shape.eventsPerTenant} events`);
    lifted.push(await runLiftedTenants(shape.tenants, shape.eventsPerTenant, redis, redisUrl));
  }
  progress('tenants: limits lifted, self-built, one tenant');
  const selfBuilt = await runLiftedWorker(LIFTED_EVENTS, redis, redisUrl);
  return { plan, drains, selfBuilt, lifted };
}
