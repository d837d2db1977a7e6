import { REPO_ROOT, hasRedisServerBinary, redisAnswers } from '@feishu-welcome/dev-kit';
import { loadConfigOrExit } from '@feishu-welcome/shared';
import { loadDevConfig } from './dev-config.js';
import { pickPort } from './pick-port.js';
import { type PrivateRedis, startPrivateRedis } from './private-redis.js';
import { redactRedisUrl } from './redact-redis-url.js';
import { sandboxBanner } from './sandbox-banner.js';
import { type Child, spawnChild } from './spawn-child.js';
import { stopChildren } from './stop-children.js';
import { waitUntilOk } from './wait-until-ok.js';

/**
 * `pnpm dev`: the whole pipeline on this machine against the Feishu stand-in, as child processes.
 * Only wiring: Redis, ports, children, readiness, the banner, and stopping it all on a signal.
 */
const NAME_WIDTH = 'feishu-stand-in'.length;
const STOP_GRACE_MS = 5_000;

const write = (line: string) => process.stdout.write(`${line}\n`);
const say = (line: string) => write(`${'dev'.padEnd(NAME_WIDTH)} | ${line}`);
const config = loadConfigOrExit(() => loadDevConfig(process.env), 'dev');

const children: Child[] = [];
let privateRedis: PrivateRedis | undefined;
let stopping = false;

async function shutdown(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping everything');
  // The services first, so that nothing they still do meets a stand-in or a Redis that is gone.
  await stopChildren(
    children.filter((child) => child.name !== 'feishu-stand-in'),
    STOP_GRACE_MS,
  );
  await stopChildren(children, STOP_GRACE_MS);
  await privateRedis?.stop();
  say('stopped');
  process.exit(exitCode);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(0));
// The children live in their own process groups: if this process dies some other way, take them along.
process.once('exit', () => {
  for (const child of children) if (child.running()) child.process.kill('SIGKILL');
  privateRedis?.kill();
});

const taken = new Set<number>();
const takePort = async (preferred: number) => {
  const port = await pickPort(preferred, taken);
  taken.add(port);
  return port;
};

let redisUrl: string;
/** Only a Redis of the user's own can be a cluster. */
const redisCluster = config.redisUrl !== undefined && config.redisCluster;
if (config.redisUrl !== undefined) {
  redisUrl = config.redisUrl;
  if (!(await redisAnswers(redisUrl))) {
    say(
      `no Redis answers at REDIS_URL (${redactRedisUrl(redisUrl)}): start it, or unset REDIS_URL for a private one`,
    );
    // A TLS handshake that failed looks the same from here.
    if (redisUrl.startsWith('rediss://'))
      say('  or, if it runs, Node does not trust its certificate: a private CA goes in NODE_EXTRA_CA_CERTS');
    process.exit(1);
  }
  const kind = redisCluster ? 'Redis Cluster (REDIS_CLUSTER=true)' : 'Redis';
  say(`using the ${kind} at REDIS_URL: ${redactRedisUrl(redisUrl)}`);
} else {
  if (!hasRedisServerBinary()) {
    say('REDIS_URL is unset and redis-server is not installed. Either:');
    say(
      '  - install redis-server (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis), or',
    );
    say('  - set REDIS_URL to a Redis this sandbox may write to (its queue lives under QUEUE_PREFIX).');
    process.exit(1);
  }
  if (config.redisCluster) say('REDIS_CLUSTER=true is ignored: the private redis-server is a single Redis');
  privateRedis = await startPrivateRedis(await takePort(0));
  redisUrl = privateRedis.url;
  say(
    `REDIS_URL is unset: started a private redis-server at ${redisUrl} (append-only file in ${privateRedis.dataDir})`,
  );
}

const ports = {
  standIn: await takePort(config.preferredPorts.standIn),
  ingress: await takePort(config.preferredPorts.ingress),
  dashboard: await takePort(config.preferredPorts.dashboard),
  ingressMetrics: await takePort(config.preferredPorts.metrics),
  workerMetrics: await takePort(config.preferredPorts.metrics + 1),
};
const standInUrl = `http://127.0.0.1:${ports.standIn}`;
const common = {
  ...process.env,
  REDIS_URL: redisUrl,
  // Set either way, so that the private Redis is never read as a cluster.
  REDIS_CLUSTER: String(redisCluster),
  QUEUE_PREFIX: config.queuePrefix,
  LOG_LEVEL: config.logLevel,
};
const app = { FEISHU_APP_ID: config.appId.value, FEISHU_APP_SECRET: config.appSecret.value };

function start(name: string, script: string, env: NodeJS.ProcessEnv, readyUrl: string): Promise<boolean> {
  const child = spawnChild({ name, script, env, cwd: REPO_ROOT, write, nameWidth: NAME_WIDTH });
  children.push(child);
  say(`${name} started (pid ${child.process.pid})`);
  void child.exited.then((code) => {
    if (stopping) return;
    say(`${name} exited (${code}); stopping the others`);
    void shutdown(1);
  });
  return waitUntilOk(readyUrl, 30_000, () => stopping || !child.running());
}

// The worker asks the stand-in for a token as it starts, so the stand-in goes first.
const started =
  (await start(
    'feishu-stand-in',
    'packages/feishu-stand-in/dist/main.js',
    {
      ...common,
      ...app,
      STAND_IN_PORT: String(ports.standIn),
      STAND_IN_HOST: '127.0.0.1',
      // A store app's stand-in pushes the app_ticket to the webhook, sealed as the ingress expects.
      STAND_IN_APP_TYPE: config.appType,
      STAND_IN_TICKET_WEBHOOK_URL: `http://127.0.0.1:${ports.ingress}/webhook/event`,
      FEISHU_VERIFICATION_TOKEN: config.verificationToken.value,
      FEISHU_ENCRYPT_KEY: config.encryptKey.value,
    },
    `${standInUrl}/healthz`,
  )) &&
  (
    await Promise.all([
      start(
        'ingress',
        'apps/ingress/dist/main.js',
        {
          ...common,
          METRICS_PORT: String(ports.ingressMetrics),
          FEISHU_APP_TYPE: config.appType,
          ...(config.eventMode === 'websocket'
            ? // The ingress opens Feishu's long connection to the stand-in; it serves no webhook.
              { FEISHU_EVENT_MODE: 'websocket', ...app, FEISHU_DOMAIN: standInUrl }
            : {
                FEISHU_EVENT_MODE: 'webhook',
                PORT: String(ports.ingress),
                FEISHU_APP_ID: config.appId.value,
                FEISHU_VERIFICATION_TOKEN: config.verificationToken.value,
                FEISHU_ENCRYPT_KEY: config.encryptKey.value,
              }),
        },
        // In either mode /readyz is on the ops port; in websocket mode it waits for the connection.
        `http://127.0.0.1:${ports.ingressMetrics}/readyz`,
      ),
      start(
        'worker',
        'apps/worker/dist/main.js',
        {
          ...common,
          ...app,
          FEISHU_APP_TYPE: config.appType,
          FEISHU_DOMAIN: standInUrl,
          METRICS_PORT: String(ports.workerMetrics),
        },
        `http://127.0.0.1:${ports.workerMetrics}/readyz`,
      ),
      start(
        'dashboard',
        'apps/dashboard/dist/main.js',
        {
          ...common,
          DASHBOARD_PORT: String(ports.dashboard),
          DASHBOARD_USERNAME: config.dashboardUsername.value,
          DASHBOARD_PASSWORD: config.dashboardPassword.value,
        },
        `http://127.0.0.1:${ports.dashboard}/readyz`,
      ),
    ])
  ).every(Boolean);

if (!stopping) {
  if (started) {
    for (const line of sandboxBanner({
      eventMode: config.eventMode,
      ingressPort: ports.ingress,
      ingressMetricsPort: ports.ingressMetrics,
      workerMetricsPort: ports.workerMetrics,
      dashboardPort: ports.dashboard,
      standInPort: ports.standIn,
      redisUrl,
      redisCluster,
      privateRedisDir: privateRedis?.dataDir,
      queuePrefix: config.queuePrefix,
      appId: config.appId,
      verificationToken: config.verificationToken,
      encryptKey: config.encryptKey,
      dashboardUsername: config.dashboardUsername,
      dashboardPassword: config.dashboardPassword,
    }))
      say(line);
  } else {
    say('not everything became ready within 30 s; see the lines above');
    void shutdown(1);
  }
}
