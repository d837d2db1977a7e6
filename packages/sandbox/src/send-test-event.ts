import { loadConfigOrExit } from '@feishu-welcome/shared';
import { freshIds } from './fresh-ids.js';
import { openJobProbe } from './job-probe.js';
import { SEND_TEST_EVENT_USAGE, parseSendTestEventArgs } from './parse-send-test-event-args.js';
import { runSendTestEvent } from './run-send-test-event.js';
import { loadSendTestEventConfig } from './send-test-event-config.js';

/**
 * `pnpm send-test-event` / `docker compose run --rm send-test-event`: one signed, encrypted
 * `p2p_chat_create` to the ingress, and the welcome (or why there is none) read back from the
 * stand-in and the queue. Only wiring.
 */
const print = (line: string) => process.stdout.write(`${line}\n`);
const args = parseSendTestEventArgs(process.argv.slice(2));
if (args.kind === 'help') {
  SEND_TEST_EVENT_USAGE.forEach(print);
  process.exit(0);
}
if (args.kind === 'usage-error') {
  process.stderr.write([`send-test-event: ${args.problem}`, ...SEND_TEST_EVENT_USAGE, ''].join('\n'));
  process.exit(2);
}
const config = loadConfigOrExit(() => loadSendTestEventConfig(process.env), 'send-test-event');
const probe =
  config.redisUrl === undefined || config.standInUrl === undefined
    ? undefined
    : openJobProbe({ redisUrl: config.redisUrl, redisCluster: config.redisCluster }, config.queuePrefix);
try {
  process.exitCode = await runSendTestEvent(
    config,
    { fetch: globalThis.fetch, now: Date.now, ids: freshIds(), print, probe },
    args.fault,
  );
} finally {
  await probe?.close();
}
