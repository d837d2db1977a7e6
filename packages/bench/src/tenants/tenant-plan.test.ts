import { describe, expect, it } from 'vitest';
import { TENANT_PLAN, tenantMinimums } from './tenant-plan.js';

describe('TENANT_PLAN', () => {
  it('gives the big tenant ten times a small one’s backlog, and the minimums BENCHMARKS.md states', () => {
    expect(TENANT_PLAN.bigBacklog).toBe(10 * TENANT_PLAN.smallBacklog);
    expect(tenantMinimums(TENANT_PLAN)).toEqual({ bigS: 69, smallS: 2 });
  });

  it('keeps Feishu’s 1 : 20 between the limits, and a big backlog the minute limit binds', () => {
    expect(TENANT_PLAN.perMinute / TENANT_PLAN.perSecond).toBe(20);
    expect(TENANT_PLAN.bigBacklog).toBeGreaterThan(TENANT_PLAN.perMinute);
  });
});
