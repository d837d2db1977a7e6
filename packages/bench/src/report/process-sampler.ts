import { performance } from 'node:perf_hooks';
import { readCpuSeconds } from './cpu-time.js';
import { readRssBytes } from './memory.js';

export interface ProcessSample {
  /** Peak RSS per name (the largest of its processes), bytes. */
  readonly peakRssBytes: Record<string, number>;
  /** Average CPU per name over the sampling (all its processes together), in cores: 1 = one core. */
  readonly cpuCores: Record<string, number>;
}

export interface ProcessSampler {
  /** Watches a process under a name; several processes may share one. */
  watch(name: string, pid: number): void;
  /** Stops sampling (idempotent) and returns what was seen. */
  stop(): Promise<ProcessSample>;
}

interface Watched {
  readonly name: string;
  readonly cpuAtStart: number;
  readonly startedAt: number;
  cpuLast: number;
  sampledAt: number;
}

/** Samples VmRSS and CPU time of the watched processes every `intervalMs`. */
export function startProcessSampler(intervalMs = 200): ProcessSampler {
  const watched = new Map<number, Watched>();
  const peakRssBytes: Record<string, number> = {};
  let sampling: Promise<void> = Promise.resolve();
  let result: Promise<ProcessSample> | undefined;

  const sample = async (): Promise<void> => {
    for (const [pid, entry] of watched) {
      const [rss, cpu] = await Promise.all([readRssBytes(pid), readCpuSeconds(pid)]);
      if (rss !== undefined) peakRssBytes[entry.name] = Math.max(peakRssBytes[entry.name] ?? 0, rss);
      if (cpu !== undefined) {
        entry.cpuLast = cpu;
        entry.sampledAt = performance.now();
      }
    }
  };
  const timer = setInterval(() => {
    sampling = sampling.then(sample);
  }, intervalMs);

  const finish = async (): Promise<ProcessSample> => {
    clearInterval(timer);
    await sampling;
    await sample();
    const cpuCores: Record<string, number> = {};
    for (const entry of watched.values()) {
      const seconds = (entry.sampledAt - entry.startedAt) / 1000;
      const cores = seconds > 0 ? (entry.cpuLast - entry.cpuAtStart) / seconds : 0;
      cpuCores[entry.name] = (cpuCores[entry.name] ?? 0) + cores;
    }
    return { peakRssBytes: { ...peakRssBytes }, cpuCores };
  };

  return {
    watch(name, pid) {
      peakRssBytes[name] ??= 0;
      // The first CPU reading is taken synchronously enough: a few ms of CPU at most go uncounted.
      void readCpuSeconds(pid).then((cpu) => {
        const now = performance.now();
        watched.set(pid, { name, cpuAtStart: cpu ?? 0, startedAt: now, cpuLast: cpu ?? 0, sampledAt: now });
      });
    },
    stop() {
      result ??= finish();
      return result;
    },
  };
}
