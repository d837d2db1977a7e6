import { loadConfigOrExit } from '@feishu-welcome/shared';
import { freshIds } from './fresh-ids.js';
import { runSendTestEvent } from './run-send-test-event.js';
import { loadSendTestEventConfig } from './send-test-event-config.js';

/**
 * `pnpm send-test-event` / `docker compose run --rm send-test-event`: one signed, encrypted
 * `p2p_chat_create` to the ingress, and the welcome read back from the stand-in. Only wiring.
 */
const config = loadConfigOrExit(() => loadSendTestEventConfig(process.env), 'send-test-event');
process.exitCode = await runSendTestEvent(config, {
  fetch: globalThis.fetch,
  now: Date.now,
  ids: freshIds(),
  print: (line) => process.stdout.write(`${line}\n`),
});
