import * as lark from '@larksuiteoapi/node-sdk';
import { TEST_APP } from '@feishu-welcome/dev-kit';

/**
 * The baseline of the long connection: the official SDK's `WSClient` as its README wires it, with an
 * `EventDispatcher` whose handler stores nothing and only counts its calls (the count comes back over
 * IPC, to show every event pushed reached it). The SDK acknowledges once the handler's promise settles.
 * `start()` does nothing unless the app id is `cli_` + 16 hex characters, as TEST_APP's is.
 * Source: https://github.com/larksuite/node-sdk, `ws-client/index.ts`
 */
let handled = 0;
const eventDispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register({
  p2p_chat_create: () => {
    handled += 1;
    return Promise.resolve();
  },
});

const client = new lark.WSClient({
  appId: TEST_APP.appId,
  appSecret: TEST_APP.appSecret,
  domain: process.env['FEISHU_DOMAIN'] ?? '',
  loggerLevel: lark.LoggerLevel.error,
});
await client.start({ eventDispatcher });
process.on('message', (message) => {
  if (message === 'handled?') process.send?.({ handled });
});
process.once('SIGTERM', () => {
  client.close({ force: true });
  process.exit(0);
});
