import { once } from 'node:events';
import * as lark from '@larksuiteoapi/node-sdk';
import { TEST_APP } from '@feishu-welcome/dev-kit';
import express from 'express';

/**
 * What people use today: the official SDK's Express adapter, as its README wires it (a JSON body
 * parser, then `adaptExpress`), with a handler that does nothing but count. The count comes back over
 * IPC at the end: the adapter answers 200 even when the signature check fails, so only the count shows
 * that every request really was verified, decrypted and dispatched.
 * Source: https://github.com/larksuite/node-sdk, `adaptor/express.ts` (it ends every request with a 200)
 */
let handled = 0;
const dispatcher = new lark.EventDispatcher({
  encryptKey: TEST_APP.encryptKey,
  verificationToken: TEST_APP.verificationToken,
  loggerLevel: lark.LoggerLevel.warn,
}).register({
  p2p_chat_create: () => {
    handled += 1;
    return Promise.resolve();
  },
});

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(express.json());
app.post('/webhook/event', lark.adaptExpress(dispatcher, { autoChallenge: true }));

const server = app.listen(Number(process.env['PORT']), '127.0.0.1');
await once(server, 'listening');
process.on('message', (message) => {
  if (message === 'handled?') process.send?.({ handled });
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
