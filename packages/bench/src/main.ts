import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { startRedisServer } from '@feishu-welcome/dev-kit';
import { Redis } from 'ioredis';
import { type CeilingFigures, runCeiling } from './ceiling/ceiling.js';
import { type CliOptions, parseCliOptions } from './cli-options.js';
import { type DrainFigures, runDrain } from './drain/drain.js';
import { drainSpecs } from './drain/drain-plan.js';
import { type ProbeFigures, probeStartupThrottling } from './drain/startup-probe.js';
import { minimumDrainSeconds } from './drain/minimum-drain.js';
import { type TargetFigures, benchIngress } from './load-ingress.js';
import { DEFAULT_LOAD_PLAN } from './load/load-plan.js';
import { type ServerProfile, profileServer } from './profile/profile-server.js';
import { type WorkerProfile, profileWorker } from './profile/profile-worker.js';
import { ceilingReport, drainReport, probeReport } from './report/drain-report.js';
import { formatFixed } from './report/format-number.js';
import { formatTable } from './report/format-table.js';
import { ingressReport } from './report/ingress-report.js';
import { describeMachine } from './report/machine-info.js';
import { redisServerInfo } from './report/memory.js';
import { memoryReport } from './report/memory-report.js';
import { profileReport, workerProfileReport } from './report/profile-report.js';
import { redisReport } from './report/redis-report.js';
import { replicasReport } from './report/replicas-report.js';
import { type RedisModeFigures, benchRedis } from './redis/bench-redis.js';
import { type ReplicasFigures, benchReplicas } from './replicas/bench-replicas.js';
import { REPLICAS_PLAN } from './replicas/replicas-plan.js';
import { targetsReport } from './report/targets.js';
import { tenantsReport } from './report/tenants-report.js';
import { websocketReport } from './report/websocket-report.js';
import { TARGET_LABELS } from './servers/target.js';
import { type TenantsFigures, benchTenants } from './tenants/bench-tenants.js';
import { TENANT_PLAN } from './tenants/tenant-plan.js';
import { type WsClientFigures, benchWebsocket } from './websocket/bench-websocket.js';
import { WS_CLIENT_LABELS } from './websocket/start-ws-client.js';
import { DEFAULT_WS_PLAN } from './websocket/ws-plan.js';

/** Events in the limits-lifted burst: the same for both workers compared. */
const CEILING_EVENTS = 20_000;

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
const progress = (text: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
};

function readOptions(): CliOptions {
  try {
    return parseCliOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}

const options = readOptions();
const plan = DEFAULT_LOAD_PLAN;
const startedAt = performance.now();
// Nothing kept on disk: the figures measure the pipeline, not Redis's persistence.
const redisServer = await startRedisServer({ args: ['--save', '', '--appendonly', 'no'] });
const redis = new Redis(redisServer.url);

let ingress: TargetFigures[] = [];
const profiles: ServerProfile[] = [];
let ceiling: CeilingFigures | undefined;
let workerProfile: WorkerProfile | undefined;
const drains: DrainFigures[] = [];
let tenants: TenantsFigures | undefined;
let probes: ProbeFigures[] = [];
let websocket: WsClientFigures[] = [];
let redisScaling: RedisModeFigures[] = [];
let replicas: ReplicasFigures | undefined;
try {
  const machine = describeMachine(await redisServerInfo(redis, 'redis_version'));
  print(`# pnpm bench${options.full ? ' --full' : ''} — ${machine.date}\n`);
  print(
    formatTable(
      ['machine', ''],
      [
        ['CPU', `${machine.cpuModel}, ${machine.cores} cores`],
        ['memory', `${formatFixed(machine.memoryGiB, 1)} GiB`],
        ['kernel', machine.kernel],
        ['node', machine.node],
        ['redis', `${machine.redis} (private redis-server, no persistence)`],
        ['commit', machine.commit],
        ['uncommitted product files', machine.uncommitted.join(', ') || 'none'],
      ],
    ),
  );

  if (options.sections.has('ingress')) {
    print('\n## 1. Ingress\n');
    ingress = await benchIngress(plan, redis, redisServer.url, (figures) =>
      progress(`${TARGET_LABELS[figures.kind]}: ${Math.round(figures.max.rps)} req/s max`),
    );
    print(ingressReport(ingress, plan));
    await redis.flushall();
  }

  if (options.sections.has('profile')) {
    progress('profiling bare Express and the ingress');
    const baseline = await profileServer('bare-express', plan, redisServer.url);
    const ours = await profileServer('ingress', plan, redisServer.url);
    profiles.push(baseline, ours);
    print('\n## 1e. Where the ingress spends its CPU (`node --cpu-prof`, separate saturating runs)\n');
    print(profileReport(ours, baseline));
    await redis.flushall();
  }

  if (options.sections.has('drain')) {
    for (const spec of drainSpecs(options.full)) {
      const minimum = minimumDrainSeconds(spec.events, spec.perSecond, spec.perMinute);
      progress(
        `drain: ${spec.events} events, ${spec.workers} worker(s), ${spec.perSecond}/s ${spec.perMinute}/min, ≥ ${minimum} s`,
      );
      drains.push(await runDrain(spec, redis, redisServer.url));
    }
    print('\n## 2. Drain under Feishu’s limits\n');
    print(drainReport(drains));
  }

  if (options.sections.has('ceiling')) {
    progress('queue ceiling');
    ceiling = await runCeiling(CEILING_EVENTS, redis, redisServer.url);
    print('\n## 3. Limits lifted: one worker process vs the queue’s own ceiling\n');
    print(ceilingReport(ceiling));
    await redis.flushall();
    if (options.sections.has('profile')) {
      progress('profiling the worker');
      workerProfile = await profileWorker(CEILING_EVENTS, redis, redisServer.url);
      print('\n## 3a. Where the worker spends its CPU (`node --cpu-prof`, the same drain again)\n');
      print(workerProfileReport(workerProfile));
      await redis.flushall();
    }
  }

  if (options.sections.has('probe')) {
    progress('start-up probe');
    probes = await probeStartupThrottling(redis, redisServer.url);
    print('\n## 5. Start-up probe: short drains, repeated\n');
    print(probeReport(probes));
  }

  if (options.sections.has('websocket')) {
    progress('long connection: the SDK WSClient, then the ingress in websocket mode');
    websocket = await benchWebsocket(DEFAULT_WS_PLAN, redis, redisServer.url, (figures) =>
      progress(
        `${WS_CLIENT_LABELS[figures.kind]}: ${figures.max.map((run) => `${Math.round(run.eventsPerSecond)} events/s (window ${run.window})`).join(', ')}`,
      ),
    );
    print('\n## 6. Long connection: one client, events pushed over one WebSocket\n');
    print(websocketReport(websocket));
    await redis.flushall();
  }

  if (options.sections.has('tenants')) {
    tenants = await benchTenants(TENANT_PLAN, redis, redisServer.url, progress);
    print('\n## 7. Many tenants: a store app’s backlogs under per-tenant limits\n');
    print(tenantsReport(tenants));
    await redis.flushall();
  }

  if (options.sections.has('redis')) {
    redisScaling = await benchRedis(plan, progress);
    print('\n## 8. One Redis: CPU per event and per job, bytes per job\n');
    print(redisReport(redisScaling));
  }

  if (options.sections.has('replicas')) {
    progress('replicas: a primary and a replica, one ingress per ENQUEUE_MIN_REPLICAS');
    replicas = await benchReplicas(REPLICAS_PLAN, progress);
    print('\n## 9. ENQUEUE_MIN_REPLICAS: what waiting for a replica costs the ingress\n');
    print(replicasReport(replicas));
  }

  if (ingress.length > 0 || drains.length > 0 || ceiling) {
    print('\n## 4. Memory\n');
    print(memoryReport({ ingress, drains, ceiling }));
  }
  // The redis (8) and replicas (9) sections have figures but no targets: alone, they print no empty summary.
  if (
    ingress.length > 0 ||
    drains.length > 0 ||
    ceiling ||
    probes.length > 0 ||
    websocket.length > 0 ||
    tenants
  ) {
    print('\n## Summary\n');
    print(targetsReport(ingress, drains, ceiling, probes, websocket, tenants));
  }
  print(`\nWhole run: ${formatFixed((performance.now() - startedAt) / 60_000, 1)} min.`);
  if (options.jsonPath) {
    await writeFile(
      options.jsonPath,
      `${JSON.stringify({ machine, ingress, profiles, ceiling, workerProfile, drains, tenants, probes, websocket, redisScaling, replicas }, null, 2)}\n`,
    );
  }
} finally {
  redis.disconnect();
  await redisServer.stop();
}
