import { describe, expect, it } from 'vitest';
import { busiestTenantWindows, maxInAnyWindow } from './window-peaks.js';

describe('maxInAnyWindow', () => {
  it('counts a time exactly one window earlier as outside, as Feishu’s sliding windows do', () => {
    expect(maxInAnyWindow([0, 1_000], 1_000)).toBe(1);
    expect(maxInAnyWindow([0, 999], 1_000)).toBe(2);
  });

  it('finds the busiest window wherever it is, whatever the order of the times', () => {
    const times = [5_000, 100, 0, 2_500, 2_600, 2_700, 3_400, 3_600];
    // (2_600, 3_600] holds 2_700, 3_400, 3_600; (2_400, 3_400] holds 2_500, 2_600, 2_700, 3_400.
    expect(maxInAnyWindow(times, 1_000)).toBe(4);
  });

  it('counts sends at the same moment each', () => {
    expect(maxInAnyWindow([7, 7, 7], 1)).toBe(3);
    expect(maxInAnyWindow([], 1_000)).toBe(0);
  });
});

describe('busiestTenantWindows', () => {
  it('holds each tenant to its own windows: two tenants at the limit are not one over it', () => {
    const sends = [0, 100, 200].flatMap((at) => [
      { at, tenant_key: 'a' },
      { at, tenant_key: 'b' },
    ]);
    expect(busiestTenantWindows(sends)).toEqual({ perSecond: 3, perMinute: 3, tenants: 2 });
  });

  it('reports the busiest tenant in each window length, which may be two different tenants', () => {
    const sends = [
      ...[0, 10, 20].map((at) => ({ at, tenant_key: 'burst' })),
      ...[0, 5_000, 10_000, 15_000].map((at) => ({ at, tenant_key: 'steady' })),
      { at: 30, tenant_key: null },
    ];
    expect(busiestTenantWindows(sends)).toEqual({ perSecond: 3, perMinute: 4, tenants: 2 });
  });
});
