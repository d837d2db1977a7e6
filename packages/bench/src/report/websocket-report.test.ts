import { describe, expect, it } from 'vitest';
import type { WsClientFigures, WsMaxRun } from '../websocket/bench-websocket.js';
import type { WsRunFigures } from '../websocket/summarise-ws-load.js';
import { cpuPerEventUs, websocketReport, wsPair } from './websocket-report.js';

function run(eventsPerSecond: number, p50: number): WsRunFigures {
  return {
    pushed: 100,
    acked: 100,
    failed: 0,
    durationS: 1,
    eventsPerSecond,
    latencyMs: { count: 100, p50, p99: p50 * 2, p999: p50 * 3, max: p50 * 4, mean: p50 },
  };
}

function maxRun(window: number, eventsPerSecond: number, clientCpu: number): WsMaxRun {
  return { ...run(eventsPerSecond, 5), window, cpu: { client: clientCpu, standIn: 0.5, redis: 0.1 } };
}

function client(kind: WsClientFigures['kind'], rate: number, p50: number): WsClientFigures {
  return {
    kind,
    warmups: [],
    max: [maxRun(64, rate, 0.5)],
    fixed: run(1_000, p50),
    fixedRate: 1_000,
    totalPushed: 200,
    totalAcked: 200,
    processed: 200,
    peakRssBytes: 100 * 1024 * 1024,
  };
}

describe('the websocket report', () => {
  it('gives the CPU a client spent per acknowledged event in µs', () => {
    expect(cpuPerEventUs(maxRun(64, 5_000, 0.5))).toBe(100);
  });

  it('pairs the SDK client with ours only when both ran', () => {
    const sdk = client('feishu-sdk-ws', 10_000, 0.25);
    expect(wsPair([sdk])).toBeUndefined();
    expect(wsPair([client('ingress-ws', 5_000, 1), sdk])?.sdk).toBe(sdk);
  });

  it('takes every ratio against the SDK client of the same window and the same rate', () => {
    const report = websocketReport([client('feishu-sdk-ws', 10_000, 0.25), client('ingress-ws', 5_000, 1)]);
    const ours = report.split('\n').filter((line) => line.startsWith('| (c)'));
    expect(ours[0]).toMatch(/\| +64 \| +5,000 \| +0\.500 \|/);
    expect(ours[1]).toMatch(/\| +1,000 \| +1,000 \| +1\.00 \| +4\.000 \| +2\.00 \| +4\.000 \|/);
  });
});
