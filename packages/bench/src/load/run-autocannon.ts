import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { summariseLatencies } from '../report/percentiles.js';
import type { LoadResult, LoadSpec } from './load-spec.js';
import type { FeishuPush } from '@feishu-welcome/dev-kit';

/** Per-request timeout: far past Feishu's 3 s, so a slow answer is measured rather than dropped. */
const REQUEST_TIMEOUT_S = 10;

/**
 * Sends `pushes` in order, one per request over all connections (a shared cursor), and records every
 * response's latency exactly: autocannon's own histogram has 1 ms resolution, too coarse here, and its
 * `duration` is rounded up to its 1 s sampling tick, so the run is timed here too.
 */
export async function runAutocannon(
  spec: LoadSpec,
  pushes: readonly FeishuPush[],
  generationMs: number,
): Promise<LoadResult> {
  let cursor = 0;
  const latencies = new Float64Array(spec.amount);
  let recorded = 0;
  let firstRequestAt = Number.NaN;
  let lastResponseAt = Number.NaN;
  const statuses: Record<string, number> = {};
  let cpuAtStart: NodeJS.CpuUsage | undefined;

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        amount: spec.amount,
        pipelining: 1,
        timeout: REQUEST_TIMEOUT_S,
        ...(spec.overallRate === undefined ? {} : { overallRate: spec.overallRate }),
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              if (cursor === 0) {
                firstRequestAt = performance.now();
                cpuAtStart = process.cpuUsage();
              }
              const push = pushes[cursor % pushes.length] as FeishuPush;
              cursor += 1;
              return { ...request, method: 'POST', headers: push.headers, body: push.body };
            },
          },
        ],
      },
      (error: Error | null, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      lastResponseAt = performance.now();
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (recorded < latencies.length) latencies[recorded] = responseTime;
      recorded += 1;
    });
  });

  let status2xx = 0;
  for (const [status, count] of Object.entries(statuses)) if (status.startsWith('2')) status2xx += count;
  const durationS = (lastResponseAt - firstRequestAt) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    responses: recorded,
    status2xx,
    non2xx: recorded - status2xx,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS,
    rps: recorded / durationS,
    latencyMs: summariseLatencies(latencies.subarray(0, Math.min(recorded, latencies.length))),
    repeats: Math.max(0, cursor - pushes.length),
    generationMs,
    loadCpuCores: (cpu.user + cpu.system) / 1e6 / durationS,
  };
}
